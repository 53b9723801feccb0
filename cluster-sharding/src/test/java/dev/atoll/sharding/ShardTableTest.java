package dev.atoll.sharding;

import static dev.atoll.sharding.Members.member;
import static dev.atoll.sharding.Members.members;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atoll.framework.HashRing;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.Address;
import org.junit.jupiter.api.Test;

class ShardTableTest {

  private static final Optional<Double> UNBOUNDED = Optional.empty();

  @Test
  void placesEachShardAtTheRingKeyOfItsStableName() {
    List<Address> five = members(5);
    ShardTable table = ShardTable.of(five, 64, 3, 32, UNBOUNDED);
    HashRing ring = HashRing.of(five, 32);

    assertThat(ShardTable.ringKey(17)).isEqualTo("shard-17");
    for (int shard = 0; shard < 64; shard++) {
      assertThat(table.replicas(shard)).isEqualTo(ring.owners("shard-" + shard, 3));
    }
  }

  @Test
  void replicaSetsHoldReplicationFactorMembersOrAllMembersIfFewer() {
    assertThat(ShardTable.of(members(5), 16, 3, 16, UNBOUNDED).replicas(7)).hasSize(3);
    assertThat(ShardTable.of(members(2), 16, 3, 16, UNBOUNDED).replicas(7)).hasSize(2);
    assertThat(ShardTable.of(members(1), 16, 3, 16, UNBOUNDED).replicas(7)).containsExactly(member(0));
  }

  @Test
  void spreadsPrimariesOverEveryMember() {
    ShardTable table = ShardTable.of(members(4), 256, 2, 128, UNBOUNDED);

    assertThat(table.primaryCounts().values()).allSatisfy(count -> assertThat(count).isBetween(32, 100));
    assertThat(table.primaryCounts().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(256);
  }

  @Test
  void anEmptyTableHasNoReplicasAndNoPrimary() {
    ShardTable empty = ShardTable.of(List.of(), 8, 3, 16, UNBOUNDED);

    assertThat(empty.isEmpty()).isTrue();
    assertThat(empty.replicas(3)).isEmpty();
    assertThat(empty.primaryIfAny(3)).isEmpty();
    assertThatThrownBy(() -> empty.primary(3)).isInstanceOf(IllegalStateException.class).hasMessageContaining("shard 3");
  }

  @Test
  void planListsEveryShardWhosePrimaryChangedWithItsSourceAndTarget() {
    ShardTable before = ShardTable.of(members(3), 128, 3, 64, UNBOUNDED);
    List<Address> four = new ArrayList<>(members(3));
    four.add(member(3));
    ShardTable after = ShardTable.of(four, 128, 3, 64, UNBOUNDED);

    MovementPlan plan = ShardTable.plan(before, after);

    assertThat(plan.moves()).isNotEmpty();
    for (MovementPlan.Move move : plan.moves()) {
      assertThat(move.from()).isEqualTo(before.primary(move.shard()));
      assertThat(move.to()).isEqualTo(after.primary(move.shard())).isEqualTo(member(3));
    }
    assertThat(plan.shards()).containsExactlyElementsOf(after.primaryShardsOf(member(3)));
    assertThat(plan.movesTo(member(3))).hasSize(plan.size());
  }

  @Test
  void planFromOrToAnEmptyClusterMovesNothing() {
    ShardTable empty = ShardTable.of(List.of(), 8, 3, 16, UNBOUNDED);
    ShardTable three = ShardTable.of(members(3), 8, 3, 16, UNBOUNDED);

    assertThat(ShardTable.plan(empty, three).isEmpty()).isTrue();
    assertThat(ShardTable.plan(three, empty).isEmpty()).isTrue();
  }

  @Test
  void refusesToPlanBetweenTablesOfDifferentShardCounts() {
    assertThatThrownBy(
            () ->
                ShardTable.plan(
                    ShardTable.of(members(3), 8, 3, 16, UNBOUNDED),
                    ShardTable.of(members(3), 16, 3, 16, UNBOUNDED)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("8 and 16 shards");
  }

  @Test
  void boundedLoadsKeepEveryMemberUnderTheCapEvenWithFewVirtualNodes() {
    // One virtual node per member makes plain consistent hashing very uneven.
    ShardTable plain = ShardTable.of(members(6), 300, 2, 1, UNBOUNDED);
    ShardTable bounded = ShardTable.of(members(6), 300, 2, 1, Optional.of(1.1));

    assertThat(plain.primaryCounts().values().stream().mapToInt(Integer::intValue).max().orElseThrow())
        .isGreaterThan(55);
    assertThat(bounded.primaryCounts().values()).allSatisfy(count -> assertThat(count).isLessThanOrEqualTo(55));
    for (int shard = 0; shard < 300; shard++) {
      assertThat(new HashSet<>(bounded.replicas(shard))).hasSize(2);
    }
  }

  @Test
  void rejectsInvalidArgumentsWithTheirNameAndValue() {
    assertThatThrownBy(() -> ShardTable.of(members(3), 0, 3, 16, UNBOUNDED))
        .hasMessageContaining("numberOfShards = 0");
    assertThatThrownBy(() -> ShardTable.of(members(3), 8, 0, 16, UNBOUNDED))
        .hasMessageContaining("replicationFactor = 0");
    assertThatThrownBy(() -> ShardTable.of(members(3), 8, 3, 16, Optional.of(0.9)))
        .hasMessageContaining("maxLoadFactor = 0.9");
    assertThatThrownBy(() -> ShardTable.of(List.of(new Address("pekko", "atoll")), 8, 3, 16, UNBOUNDED))
        .hasMessageContaining("has no host and port");
    assertThatThrownBy(() -> ShardTable.of(members(3), 8, 3, 16, UNBOUNDED).replicas(8))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessageContaining("shard 8 is not in [0, 8)");
  }
}
