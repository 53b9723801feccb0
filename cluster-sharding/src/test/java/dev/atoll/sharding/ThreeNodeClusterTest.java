package dev.atoll.sharding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atoll.framework.AtollNode;
import dev.atoll.sharding.sample.Account;
import dev.atoll.sharding.sample.Locator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Three, then four, then three Atoll nodes in one JVM, each running the Account and Locator entity
 * types through {@link Entities}: shards sit on their ShardTable primaries, a join moves exactly
 * the shards the table's plan predicts (and persistent accounts keep their balances across the
 * move), and a graceful leave hands the leaver's shards to their first backups.
 */
@ExtendWith(LogCapturingExtension.class)
class ThreeNodeClusterTest {

  private static final Logger log = LoggerFactory.getLogger(ThreeNodeClusterTest.class);
  private static final Duration ASK = Duration.ofSeconds(10);
  private static final Duration CONVERGE = Duration.ofSeconds(45);
  private static final int SHARDS = 32;

  private final List<AtollNode> nodes = new ArrayList<>();

  @AfterEach
  void stopNodes() {
    SharedInMemoryJournal.clear();
    for (AtollNode node : nodes) {
      try {
        ClusterNodes.terminate(node);
      } catch (RuntimeException e) {
        log.warn("could not stop {}", node, e);
      }
    }
  }

  private AtollNode startNode(Address seed) {
    AtollNode node = ClusterNodes.start("");
    nodes.add(node);
    node.join(seed == null ? node.selfAddress() : seed);
    Entities.get(node.system()).init(Account.spec());
    Entities.get(node.system()).init(Locator.spec());
    return node;
  }

  private void awaitMembers(List<AtollNode> running) {
    TestProbe<Object> probe = TestProbe.create(running.get(0).system());
    TreeSet<Address> expected = new TreeSet<>(dev.atoll.framework.HashRing.MEMBER_ORDER);
    running.forEach(n -> expected.add(n.selfAddress()));
    probe.awaitAssert(
        CONVERGE,
        Duration.ofMillis(200),
        () -> {
          for (AtollNode node : running) {
            assertThat(node.members().up()).as("Up members seen by %s", node).isEqualTo(expected);
            assertThat(node.members().size()).isEqualTo(running.size());
          }
          return null;
        });
  }

  /** One account id per shard, so that every shard is started. */
  private static Map<Integer, String> oneIdPerShard() {
    Map<Integer, String> ids = new HashMap<>();
    for (int i = 0; ids.size() < SHARDS; i++) {
      String id = "acct-" + i;
      ids.putIfAbsent(dev.atoll.framework.ShardFunction.of(SHARDS).shardOf(id), id);
    }
    return ids;
  }

  private static long ask(AtollNode via, String id, java.util.function.Function<org.apache.pekko.actor.typed.ActorRef<org.apache.pekko.pattern.StatusReply<Long>>, Account.Command> command)
      throws Exception {
    return Entities.get(via.system())
        .<Account.Command>entityRefFor("Account", id)
        .<Long>askWithStatus(command::apply, ASK)
        .toCompletableFuture()
        .get(ASK.toSeconds() + 5, TimeUnit.SECONDS);
  }

  /** Waits until every shard runs, each on the member {@code expected} names; returns the homes. */
  private Map<Integer, Address> awaitHomes(AtollNode via, Map<Integer, Address> expected) {
    TestProbe<Object> probe = TestProbe.create(via.system());
    return probe.awaitAssert(
        CONVERGE,
        Duration.ofMillis(300),
        () -> {
          Map<Integer, Address> accounts = ClusterNodes.shardHomes(via.system(), Account.ENTITY_TYPE_KEY);
          assertThat(accounts).isEqualTo(expected);
          return accounts;
        });
  }

  private static Map<Integer, Address> primaries(ShardTable table) {
    Map<Integer, Address> primaries = new HashMap<>();
    for (int shard = 0; shard < SHARDS; shard++) {
      primaries.put(shard, table.primary(shard));
    }
    return primaries;
  }

  @Test
  void shardsFollowTheShardTableThroughAJoinAndAGracefulLeave() throws Exception {
    AtollNode first = startNode(null);
    AtollNode second = startNode(first.selfAddress());
    AtollNode third = startNode(first.selfAddress());
    List<AtollNode> three = List.of(first, second, third);
    awaitMembers(three);
    ShardingSettings settings = Entities.get(first.system()).settings();

    // Start every shard: one account per shard with a distinct balance, and its co-located locator.
    Map<Integer, String> ids = oneIdPerShard();
    Map<String, Long> balances = new LinkedHashMap<>();
    for (String id : ids.values()) {
      long amount = 100 + id.hashCode() % 50 + 50;
      assertThat(ask(second, id, replyTo -> new Account.Deposit(amount, replyTo))).isEqualTo(amount);
      balances.put(id, amount);
    }

    // 1. Every shard lives on its ShardTable primary, and entity types sharing an id are co-located.
    ShardTable tableOfThree = tableOf(three, settings);
    Map<Integer, Address> homesOfThree = awaitHomes(first, primaries(tableOfThree));
    for (String id : ids.values()) {
      String where =
          Entities.get(third.system())
              .<Locator.Command>entityRefFor("Locator", id)
              .ask(Locator.Where::new, ASK)
              .toCompletableFuture()
              .get(ASK.toSeconds() + 5, TimeUnit.SECONDS);
      assertThat(where).as("locator %s is co-located with its account", id)
          .isEqualTo(homesOfThree.get(Entities.get(first.system()).shardOf(id)).toString());
    }

    // 2. A fourth member joins: exactly the planned shards move, all of them to the new member.
    AtollNode fourth = startNode(first.selfAddress());
    List<AtollNode> four = List.of(first, second, third, fourth);
    awaitMembers(four);
    ShardTable tableOfFour = tableOf(four, settings);
    MovementPlan plan = ShardTable.plan(tableOfThree, tableOfFour);
    assertThat(plan.size()).as("the join moves some but not all shards").isBetween(1, SHARDS - 1);
    Map<Integer, Address> homesOfFour = awaitHomes(first, primaries(tableOfFour));
    TreeSet<Integer> moved = new TreeSet<>();
    homesOfFour.forEach((shard, home) -> {
      if (!home.equals(homesOfThree.get(shard))) {
        moved.add(shard);
      }
    });
    log.info("join of {}: {} shards moved, plan predicted {}: {}", fourth.selfAddress(), moved.size(), plan.size(), moved);
    assertThat(moved).containsExactlyElementsOf(plan.shards());
    assertThat(plan.moves()).allSatisfy(move -> assertThat(move.to()).isEqualTo(fourth.selfAddress()));
    TestProbe.create(first.system()).awaitAssert(
        CONVERGE,
        () -> {
          assertThat(Entities.get(first.system()).pendingMoves("Account").isEmpty()).isTrue();
          return null;
        });

    // 3. Persistent accounts kept their state across the move (they recover from the journal).
    for (Map.Entry<String, Long> account : balances.entrySet()) {
      assertThat(ask(first, account.getKey(), Account.GetBalance::new))
          .as("balance of %s", account.getKey())
          .isEqualTo(account.getValue());
    }

    // 4. The third member leaves gracefully: its shards go to their first backups, nothing else moves.
    Address leaver = third.selfAddress();
    Map<Integer, Address> afterLeave = new HashMap<>(homesOfFour);
    for (int shard : tableOfFour.primaryShardsOf(leaver)) {
      afterLeave.put(shard, tableOfFour.replicas(shard).get(1));
    }
    assertThat(tableOfFour.primaryShardsOf(leaver)).isNotEmpty();
    third.leave().toCompletableFuture().get(60, TimeUnit.SECONDS);
    List<AtollNode> remaining = List.of(first, second, fourth);
    awaitMembers(remaining);
    assertThat(afterLeave).isEqualTo(primaries(tableOf(remaining, settings)));
    awaitHomes(first, afterLeave);
    for (Map.Entry<String, Long> account : balances.entrySet()) {
      assertThat(ask(second, account.getKey(), Account.GetBalance::new)).isEqualTo(account.getValue());
    }
  }

  /** The table of the running nodes, with the settings the nodes run with. */
  private static ShardTable tableOf(List<AtollNode> running, ShardingSettings settings) {
    return ShardTable.of(running.stream().map(AtollNode::selfAddress).toList(), settings);
  }
}
