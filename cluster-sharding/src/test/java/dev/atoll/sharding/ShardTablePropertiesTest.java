package dev.atoll.sharding;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.pekko.actor.Address;

/** Properties of {@link ShardTable} over random clusters, with and without bounded loads. */
class ShardTablePropertiesTest {

  /** A random placement problem: member ids, shards, replication factor, virtual nodes, factor. */
  record Layout(List<Integer> memberIds, int shards, int rf, int virtualNodes, Optional<Double> factor) {
    List<Address> members() {
      return memberIds.stream().map(Members::member).toList();
    }

    ShardTable table(List<Address> members) {
      return ShardTable.of(members, shards, rf, virtualNodes, factor);
    }
  }

  @Provide
  Arbitrary<Layout> layouts() {
    return Combinators.combine(
            Arbitraries.integers().between(0, 400).set().ofMinSize(1).ofMaxSize(12).map(s -> List.copyOf(s)),
            Arbitraries.integers().between(1, 300),
            Arbitraries.integers().between(1, 4),
            Arbitraries.integers().between(1, 48),
            Arbitraries.of(Optional.<Double>empty(), Optional.of(1.0), Optional.of(1.25), Optional.of(2.0)))
        .as(Layout::new);
  }

  @Provide
  Arbitrary<Layout> unboundedLayouts() {
    return layouts().map(l -> new Layout(l.memberIds(), l.shards(), l.rf(), l.virtualNodes(), Optional.empty()));
  }

  @Property(tries = 150)
  void isTheSameWhateverOrderTheMembersArriveIn(@ForAll("layouts") Layout layout, @ForAll long seed) {
    List<Address> shuffled = new ArrayList<>(layout.members());
    Collections.shuffle(shuffled, new Random(seed));
    List<Address> doubled = new ArrayList<>(shuffled);
    doubled.addAll(layout.members());

    assertThat(layout.table(shuffled)).isEqualTo(layout.table(layout.members()));
    assertThat(layout.table(doubled)).isEqualTo(layout.table(layout.members()));
  }

  @Property(tries = 150)
  void replicaSetsHoldDistinctMembersPrimaryFirst(@ForAll("layouts") Layout layout) {
    ShardTable table = layout.table(layout.members());
    int expectedSize = Math.min(layout.rf(), layout.memberIds().size());
    for (int shard = 0; shard < layout.shards(); shard++) {
      List<Address> replicas = table.replicas(shard);
      assertThat(replicas).hasSize(expectedSize);
      assertThat(new HashSet<>(replicas)).hasSize(expectedSize);
      assertThat(layout.members()).containsAll(replicas);
      assertThat(replicas.get(0)).isEqualTo(table.primary(shard));
    }
  }

  @Property(tries = 150)
  void aJoinMovesOnlyShardsWhosePrimaryBecameTheNewMember(
      @ForAll("unboundedLayouts") Layout layout, @ForAll("newMemberIds") int newId) {
    Address joiner = Members.member(newId);
    if (layout.members().contains(joiner)) {
      return;
    }
    List<Address> after = new ArrayList<>(layout.members());
    after.add(joiner);
    ShardTable before = layout.table(layout.members());
    ShardTable grown = layout.table(after);

    MovementPlan plan = ShardTable.plan(before, grown);

    assertThat(plan.moves()).allSatisfy(move -> assertThat(move.to()).isEqualTo(joiner));
    assertThat(plan.shards()).containsExactlyElementsOf(grown.primaryShardsOf(joiner));
  }

  @Property(tries = 150)
  void aLeaveMovesOnlyTheLeaversShardsEachToItsFirstBackup(
      @ForAll("unboundedLayouts") Layout layout, @ForAll int pick) {
    if (layout.memberIds().size() < 2) {
      return;
    }
    Address leaver = layout.members().get(Math.floorMod(pick, layout.memberIds().size()));
    List<Address> after = new ArrayList<>(layout.members());
    after.remove(leaver);
    ShardTable before = layout.table(layout.members());
    ShardTable shrunk = layout.table(after);

    MovementPlan plan = ShardTable.plan(before, shrunk);

    assertThat(plan.shards()).containsExactlyElementsOf(before.primaryShardsOf(leaver));
    for (MovementPlan.Move move : plan.moves()) {
      assertThat(move.from()).isEqualTo(leaver);
      if (layout.rf() > 1) {
        assertThat(move.to()).isEqualTo(before.replicas(move.shard()).get(1));
      }
    }
  }

  @Property(tries = 150)
  void boundedLoadsNeverExceedTheCap(@ForAll("layouts") Layout layout) {
    if (layout.factor().isEmpty()) {
      return;
    }
    ShardTable table = layout.table(layout.members());
    int cap = (int) Math.ceil(layout.factor().get() * layout.shards() / layout.memberIds().size());

    assertThat(table.primaryCounts().values()).allSatisfy(count -> assertThat(count).isLessThanOrEqualTo(cap));
    assertThat(table.primaryCounts().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(layout.shards());
  }

  @Provide
  Arbitrary<Integer> newMemberIds() {
    return Arbitraries.integers().between(401, 800);
  }
}
