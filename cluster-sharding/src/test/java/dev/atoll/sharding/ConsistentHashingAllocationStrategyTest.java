package dev.atoll.sharding;

import static dev.atoll.sharding.Members.member;
import static dev.atoll.sharding.Members.members;
import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.atoll.framework.MemberSet;
import dev.atoll.sharding.spi.ShardReadiness;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Allocation and rebalance decisions on synthetic regions: remote-looking region refs resolved at
 * made-up member addresses (nothing is ever sent to them) and one local probe for this node.
 */
@ExtendWith(TestKitJUnit5Extension.class)
@ExtendWith(LogCapturingExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsistentHashingAllocationStrategyTest {

  private static final int SHARDS = 32;

  @JUnit5TestKit
  ActorTestKit testKit =
      new JUnit5TestKitBuilder()
          .withCustomConfig(
              ConfigFactory.parseString(
                  "pekko.actor.provider = cluster\n"
                      + "pekko.remote.artery.canonical.hostname = 127.0.0.1\n"
                      + "pekko.remote.artery.canonical.port = 0"))
          .build();

  private final ShardingSettings settings =
      ShardingSettings.fromConfig(
              ConfigFactory.parseString(
                  "atoll.sharding { number-of-shards = " + SHARDS + ", virtual-nodes = 64 }"))
          .withRebalanceMaxPerRound(100);

  private ActorRef regionAt(Address member) {
    ExtendedActorSystem classic = (ExtendedActorSystem) Adapter.toClassic(testKit.system());
    return classic.provider().resolveActorRef(member + "/system/sharding/Account");
  }

  private ConsistentHashingAllocationStrategy strategy(SyntheticCluster cluster) {
    return new ConsistentHashingAllocationStrategy(cluster, settings, Optional.empty(), ShardReadiness.ALWAYS_READY);
  }

  private static Map<ActorRef, List<String>> emptyAllocations(ActorRef... regions) {
    Map<ActorRef, List<String>> allocations = new LinkedHashMap<>();
    for (ActorRef region : regions) {
      allocations.put(region, new ArrayList<>());
    }
    return allocations;
  }

  private ShardTable table(List<Address> members) {
    return ShardTable.of(members, settings);
  }

  /** Every shard on its primary's region in {@code members}. */
  private Map<ActorRef, List<String>> balanced(List<Address> members, Map<Address, ActorRef> regions) {
    Map<ActorRef, List<String>> allocations = new LinkedHashMap<>();
    regions.values().forEach(r -> allocations.put(r, new ArrayList<>()));
    ShardTable table = table(members);
    for (int shard = 0; shard < SHARDS; shard++) {
      allocations.get(regions.get(table.primary(shard))).add(Integer.toString(shard));
    }
    return allocations;
  }

  private Map<Address, ActorRef> remoteRegions(List<Address> members) {
    Map<Address, ActorRef> regions = new LinkedHashMap<>();
    members.forEach(m -> regions.put(m, regionAt(m)));
    return regions;
  }

  @Test
  void allocatesEveryShardToTheRegionOfItsPrimary() {
    List<Address> three = members(3);
    SyntheticCluster cluster = new SyntheticCluster(member(0)).up(three.toArray(Address[]::new));
    Map<Address, ActorRef> regions = remoteRegions(three);
    ConsistentHashingAllocationStrategy strategy = strategy(cluster);
    ShardTable table = table(three);

    for (int shard = 0; shard < SHARDS; shard++) {
      ActorRef chosen =
          strategy.allocate(regions.get(member(1)), Integer.toString(shard), emptyAllocations(regions.values().toArray(ActorRef[]::new)));
      assertThat(chosen).as("shard %d", shard).isEqualTo(regions.get(table.primary(shard)));
    }
  }

  @Test
  void matchesTheLocalRegionWhoseRefHasNoHostWithTheSelfAddress() {
    List<Address> three = members(3);
    SyntheticCluster cluster = new SyntheticCluster(member(0)).up(three.toArray(Address[]::new));
    ActorRef local = Adapter.toClassic(testKit.createTestProbe().ref());
    assertThat(local.path().address().getHost().isPresent()).isFalse();
    Map<Address, ActorRef> regions = remoteRegions(three);
    regions.put(member(0), local);
    ConsistentHashingAllocationStrategy strategy = strategy(cluster);
    List<Integer> selfShards = table(three).primaryShardsOf(member(0));
    assertThat(selfShards).isNotEmpty();

    for (int shard : selfShards) {
      assertThat(strategy.allocate(regions.get(member(1)), Integer.toString(shard), balanced(three, regions)))
          .isEqualTo(local);
    }
    assertThat(strategy.shardsToRebalance(balanced(three, regions), Set.of())).isEmpty();
  }

  @Test
  void fallsBackToTheNextReplicaWhenThePrimaryHasNoRegionYet() {
    List<Address> three = members(3);
    SyntheticCluster cluster = new SyntheticCluster(member(0)).up(three.toArray(Address[]::new));
    Map<Address, ActorRef> regions = remoteRegions(three);
    ShardTable table = table(three);
    int shard = table.primaryShardsOf(member(2)).get(0);
    Address firstBackup = table.replicas(shard).get(1);
    regions.remove(member(2));

    ActorRef chosen =
        strategy(cluster).allocate(regions.get(member(0)), Integer.toString(shard), emptyAllocations(regions.values().toArray(ActorRef[]::new)));

    assertThat(chosen).isEqualTo(regions.get(firstBackup));
  }

  @Test
  void fallsBackToTheRegionWithFewestShardsWhenNoReplicaHasARegion() {
    List<Address> three = members(3);
    SyntheticCluster cluster = new SyntheticCluster(member(0)).up(three.toArray(Address[]::new));
    ConsistentHashingAllocationStrategy strategy =
        new ConsistentHashingAllocationStrategy(
            cluster, settings.withReplicationFactor(1), Optional.empty(), ShardReadiness.ALWAYS_READY);
    int shard = table(three).primaryShardsOf(member(2)).get(0);
    // Regions on members that are not Up yet (so not in the table).
    ActorRef busy = regionAt(member(7));
    ActorRef idle = regionAt(member(8));
    Map<ActorRef, List<String>> allocations = new LinkedHashMap<>();
    allocations.put(busy, new ArrayList<>(List.of("30", "31")));
    allocations.put(idle, new ArrayList<>(List.of("29")));

    assertThat(strategy.allocate(busy, Integer.toString(shard), allocations)).isEqualTo(idle);
  }

  @Test
  void allocatesAShardIdThatIsNoShardNumberToTheRequester() {
    List<Address> three = members(3);
    SyntheticCluster cluster = new SyntheticCluster(member(0)).up(three.toArray(Address[]::new));
    Map<Address, ActorRef> regions = remoteRegions(three);

    ActorRef requester = regions.get(member(1));
    assertThat(strategy(cluster).allocate(requester, "not-a-number", emptyAllocations(regions.values().toArray(ActorRef[]::new))))
        .isEqualTo(requester);
    assertThat(strategy(cluster).allocate(requester, Integer.toString(SHARDS), emptyAllocations(regions.values().toArray(ActorRef[]::new))))
        .isEqualTo(requester);
  }

  @Test
  void rebalancesExactlyTheShardsAwayFromTheirPrimary() {
    List<Address> three = members(3);
    SyntheticCluster cluster = new SyntheticCluster(member(0)).up(three.toArray(Address[]::new));
    Map<Address, ActorRef> regions = remoteRegions(three);
    ShardTable table = table(three);
    Map<ActorRef, List<String>> allocations = balanced(three, regions);
    // Misplace two shards of member 1 onto member 2.
    List<Integer> ofMember1 = table.primaryShardsOf(member(1));
    for (int shard : ofMember1.subList(0, 2)) {
      allocations.get(regions.get(member(1))).remove(Integer.toString(shard));
      allocations.get(regions.get(member(2))).add(Integer.toString(shard));
    }
    ConsistentHashingAllocationStrategy strategy = strategy(cluster);

    Set<String> chosen = strategy.shardsToRebalance(allocations, Set.of());

    assertThat(chosen).containsExactlyInAnyOrder(Integer.toString(ofMember1.get(0)), Integer.toString(ofMember1.get(1)));
    assertThat(strategy.pendingMoves().moves())
        .extracting(MovementPlan.Move::from, MovementPlan.Move::to)
        .containsOnly(org.assertj.core.groups.Tuple.tuple(member(2), member(1)));
  }

  @Test
  void movesAtMostMaxPerRoundCountingShardsStillInProgressLowestShardsFirst() {
    List<Address> three = members(3);
    List<Address> four = members(4);
    SyntheticCluster cluster = new SyntheticCluster(member(0)).up(four.toArray(Address[]::new));
    Map<Address, ActorRef> regions = remoteRegions(four);
    Map<ActorRef, List<String>> allocations = balanced(three, regions);
    List<Integer> toMove = ShardTable.plan(table(three), table(four)).shards().stream().toList();
    assertThat(toMove).hasSizeGreaterThan(4);
    ConsistentHashingAllocationStrategy strategy =
        new ConsistentHashingAllocationStrategy(
            cluster, settings.withRebalanceMaxPerRound(3), Optional.empty(), ShardReadiness.ALWAYS_READY);

    Set<String> chosen = strategy.shardsToRebalance(allocations, Set.of(Integer.toString(toMove.get(0))));

    assertThat(chosen).containsExactlyInAnyOrder(Integer.toString(toMove.get(1)), Integer.toString(toMove.get(2)));
  }

  @Test
  void doesNotRebalanceWhileAMemberIsJoiningLeavingOrUnreachable() {
    List<Address> three = members(3);
    List<Address> four = members(4);
    Map<Address, ActorRef> regions = remoteRegions(four);
    Map<ActorRef, List<String>> allocations = balanced(three, regions);
    SyntheticCluster cluster = new SyntheticCluster(member(0)).up(four.toArray(Address[]::new));
    ConsistentHashingAllocationStrategy strategy = strategy(cluster);
    assertThat(strategy.shardsToRebalance(allocations, Set.of())).isNotEmpty();

    cluster.set(member(5), MemberSet.Status.JOINING, true, Set.of());
    assertThat(strategy.shardsToRebalance(allocations, Set.of())).isEmpty();
    cluster.set(member(5), MemberSet.Status.WEAKLY_UP, true, Set.of());
    assertThat(strategy.shardsToRebalance(allocations, Set.of())).isEmpty();
    cluster.remove(member(5)).set(member(1), MemberSet.Status.LEAVING, true, Set.of());
    assertThat(strategy.shardsToRebalance(allocations, Set.of())).isEmpty();
    cluster.up(member(1)).set(member(2), MemberSet.Status.UP, false, Set.of());
    assertThat(strategy.shardsToRebalance(allocations, Set.of())).isEmpty();
    assertThat(strategy.pendingMoves().isEmpty()).as("the plan is still shown while paused").isFalse();

    cluster.up(member(2));
    assertThat(strategy.shardsToRebalance(allocations, Set.of())).isNotEmpty();
  }

  @Test
  void doesNotMoveAShardToAPrimaryThatHasNoRegion() {
    List<Address> three = members(3);
    List<Address> four = members(4);
    SyntheticCluster cluster = new SyntheticCluster(member(0)).up(four.toArray(Address[]::new));
    Map<Address, ActorRef> regions = remoteRegions(three);
    Map<ActorRef, List<String>> allocations = balanced(three, regions);

    assertThat(strategy(cluster).shardsToRebalance(allocations, Set.of())).isEmpty();
  }

  @Test
  void movesOnlyShardsThatShardReadinessDeclaresReady() {
    List<Address> three = members(3);
    List<Address> four = members(4);
    SyntheticCluster cluster = new SyntheticCluster(member(0)).up(four.toArray(Address[]::new));
    Map<Address, ActorRef> regions = remoteRegions(four);
    Map<ActorRef, List<String>> allocations = balanced(three, regions);
    List<Integer> toMove = ShardTable.plan(table(three), table(four)).shards().stream().toList();
    int ready = toMove.get(1);
    int failing = toMove.get(2);
    Map<Integer, Address> asked = new HashMap<>();
    ShardReadiness readiness =
        (shard, target) -> {
          asked.put(shard, target);
          if (shard == failing) {
            throw new IllegalStateException("replica store unavailable");
          }
          return shard == ready;
        };
    ConsistentHashingAllocationStrategy strategy =
        new ConsistentHashingAllocationStrategy(cluster, settings, Optional.empty(), readiness);

    assertThat(strategy.shardsToRebalance(allocations, Set.of())).containsExactly(Integer.toString(ready));
    assertThat(asked).containsEntry(ready, member(3)).containsKey(failing);
  }

  @Test
  void placesShardsOnlyOnMembersWithTheEntityRole() {
    List<Address> three = members(3);
    SyntheticCluster cluster =
        new SyntheticCluster(member(0))
            .set(member(0), MemberSet.Status.UP, true, Set.of("bank"))
            .set(member(1), MemberSet.Status.UP, true, Set.of("bank"))
            .set(member(2), MemberSet.Status.UP, true, Set.of("worker"));
    ConsistentHashingAllocationStrategy strategy =
        new ConsistentHashingAllocationStrategy(cluster, settings, Optional.of("bank"), ShardReadiness.ALWAYS_READY);

    assertThat(strategy.currentTable().members()).containsExactly(member(0), member(1));
    assertThat(strategy.currentTable()).isEqualTo(table(three.subList(0, 2)));
  }

  @Test
  void aJoinRebalancedRoundByRoundMovesExactlyThePlannedShards() {
    List<Address> three = members(3);
    List<Address> four = members(4);
    SyntheticCluster cluster = new SyntheticCluster(member(0)).up(four.toArray(Address[]::new));
    Map<Address, ActorRef> regions = remoteRegions(four);
    Map<ActorRef, List<String>> allocations = balanced(three, regions);
    ConsistentHashingAllocationStrategy strategy =
        new ConsistentHashingAllocationStrategy(
            cluster, settings.withRebalanceMaxPerRound(2), Optional.empty(), ShardReadiness.ALWAYS_READY);
    MovementPlan plan = ShardTable.plan(table(three), table(four));

    List<Integer> moved = new ArrayList<>();
    for (int round = 0; round < 100; round++) {
      Set<String> chosen = strategy.shardsToRebalance(allocations, Set.of());
      if (chosen.isEmpty()) {
        break;
      }
      assertThat(chosen).hasSizeLessThanOrEqualTo(2);
      for (String shard : chosen) {
        allocations.values().forEach(shards -> shards.remove(shard));
        allocations.get(strategy.allocate(regions.get(member(0)), shard, allocations)).add(shard);
        moved.add(Integer.parseInt(shard));
      }
    }

    assertThat(moved).containsExactlyInAnyOrderElementsOf(plan.shards());
    assertThat(allocations).isEqualTo(balanced(four, regions));
    assertThat(strategy.pendingMoves().isEmpty()).isTrue();
  }

  @Test
  void theHomeOfACrashedMembersShardsIsUnreachableUntilTheMemberIsRemovedNotOnlyUntilItIsDowned() {
    List<Address> three = members(3);
    Address crashed = three.get(2);
    SyntheticCluster cluster = new SyntheticCluster(member(0)).up(three.toArray(Address[]::new));
    ConsistentHashingAllocationStrategy strategy = strategy(cluster);
    List<Integer> itsShards = table(three).primaryShardsOf(crashed);
    List<Integer> otherShards = new ArrayList<>(table(three).primaryShardsOf(three.get(0)));
    otherShards.addAll(table(three).primaryShardsOf(three.get(1)));
    assertThat(itsShards).isNotEmpty();

    for (int shard = 0; shard < SHARDS; shard++) {
      assertThat(strategy.unreachableHome(shard)).as("shard %d while every member is reachable", shard).isEmpty();
    }

    cluster.set(crashed, MemberSet.Status.UP, false, Set.of());
    assertUnreachableHome(strategy, itsShards, otherShards, crashed);

    // Downed: the allocation table drops it, but the regions still route its shards to it.
    cluster.set(crashed, MemberSet.Status.DOWN, false, Set.of());
    assertThat(strategy.currentTable().members()).doesNotContain(crashed);
    assertUnreachableHome(strategy, itsShards, otherShards, crashed);

    cluster.remove(crashed);
    for (int shard = 0; shard < SHARDS; shard++) {
      assertThat(strategy.unreachableHome(shard)).as("shard %d once the member is removed", shard).isEmpty();
    }
  }

  @Test
  void aJoiningMemberThatIsUnreachableIsNobodysHome() {
    List<Address> three = members(3);
    SyntheticCluster cluster = new SyntheticCluster(member(0)).up(three.get(0), three.get(1));
    cluster.set(three.get(2), MemberSet.Status.JOINING, false, Set.of());
    ConsistentHashingAllocationStrategy strategy = strategy(cluster);
    for (int shard = 0; shard < SHARDS; shard++) {
      assertThat(strategy.unreachableHome(shard)).as("shard %d", shard).isEmpty();
    }
  }

  private static void assertUnreachableHome(
      ConsistentHashingAllocationStrategy strategy, List<Integer> itsShards, List<Integer> otherShards, Address crashed) {
    for (int shard : itsShards) {
      assertThat(strategy.unreachableHome(shard)).as("shard %d of the crashed member", shard).contains(crashed);
    }
    for (int shard : otherShards) {
      assertThat(strategy.unreachableHome(shard)).as("shard %d of a reachable member", shard).isEmpty();
    }
  }
}
