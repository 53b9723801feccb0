package dev.atoll.benchmarks.journal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import dev.atoll.framework.AtollNode;
import dev.atoll.journal.AtollJournalStorage;
import dev.atoll.sharding.Entities;
import dev.atoll.sharding.ShardTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.GetShardRegionState;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;

/**
 * Three Atoll nodes in this JVM, on loopback with ports chosen by the OS, each with its own
 * embedded journal in a fresh temporary directory, and {@link BenchmarkEntity#shardedSpec()}
 * started on all three. It exists so that every round of {@link ReplicatedJournalBenchmark} starts
 * from the same shape whichever journal replicator it measures.
 *
 * <p>Invariants: once {@link #start} returns, every node sees three members {@code Up}; once
 * {@link #awaitEveryEntityAnswers} returns, every entity is allocated and recovered; once
 * {@link #awaitPlacementSettled} returns, every shard is on its primary, so no rebalance follows.
 * Nothing of the start-up then falls into a measured window. {@link #close()} stops all three nodes and deletes
 * their data.
 */
final class ThreeNodeCluster implements AutoCloseable {

  /** Settings every round shares; the contender's own settings take precedence over them. */
  private static final String COMMON_SETTINGS =
      """
      atoll.management.enabled = off
      atoll.sharding.number-of-shards = 64
      atoll.journal.sync = batch
      pekko.persistence.journal.plugin = "atoll.journal"
      pekko.persistence.snapshot-store.plugin = "atoll.snapshot-store"
      pekko.cluster.sharding.distributed-data.durable.keys = []
      pekko.loglevel = WARNING
      # three nodes in one JVM: each registers its own JMX bean instead of warning about the others
      pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
      # close() stops the three nodes together: a graceful leave would wait for peers that are
      # stopping too, so terminate() stops a node at once (its journal still closes cleanly).
      pekko.coordinated-shutdown.run-by-actor-system-terminate = off
      """;

  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(10);

  private final Path dataRoot;
  private final List<AtollNode> nodes;

  private ThreeNodeCluster(Path dataRoot, List<AtollNode> nodes) {
    this.dataRoot = dataRoot;
    this.nodes = nodes;
  }

  /**
   * Starts three nodes with {@code contenderSettings} over the common settings, joins them to the
   * first, waits until each sees all three {@code Up}, and starts the entity type on all three.
   * Stops whatever it started if any of that fails.
   */
  static ThreeNodeCluster start(Config contenderSettings, Duration timeout) throws Exception {
    Path dataRoot = Files.createTempDirectory("atoll-bench-replicated-");
    List<AtollNode> nodes = new ArrayList<>();
    ThreeNodeCluster cluster = new ThreeNodeCluster(dataRoot, nodes);
    try {
      for (String name : List.of("node-1", "node-2", "node-3")) {
        Config config =
            contenderSettings
                .withFallback(ConfigFactory.parseString(COMMON_SETTINGS))
                .withValue("atoll.node.port", ConfigValueFactory.fromAnyRef(0))
                .withValue(
                    "atoll.node.data-dir",
                    ConfigValueFactory.fromAnyRef(dataRoot.resolve(name).toString()));
        nodes.add(AtollNode.start(config));
      }
      nodes.forEach(node -> node.join(nodes.get(0).selfAddress()));
      nodes.forEach(node -> node.awaitUp(timeout));
      cluster.awaitEveryNodeSeesThreeUp(timeout);
      nodes.forEach(node -> Entities.get(node.system()).init(BenchmarkEntity.shardedSpec()));
      return cluster;
    } catch (Exception | Error e) {
      try {
        cluster.close();
      } catch (Exception stopping) {
        e.addSuppressed(stopping);
      }
      throw e;
    }
  }

  private void awaitEveryNodeSeesThreeUp(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!nodes.stream().allMatch(node -> node.members().up().size() == nodes.size())) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "not every node saw " + nodes.size() + " members Up within " + timeout + ": "
                + nodes.stream().map(node -> node.selfAddress() + " sees " + node.members().up()).toList());
      }
      Thread.sleep(50); // polling a condition with a deadline
    }
  }

  /** The node the load is driven from; it hosts about a third of the shards. */
  AtollNode driverNode() {
    return nodes.get(0);
  }

  /** References, from the driver node, to the entities named {@code ids}. */
  List<EntityRef<BenchmarkEntity.Command>> entityRefs(List<String> ids) {
    Entities entities = Entities.get(driverNode().system());
    return ids.stream()
        .map(id -> entities.<BenchmarkEntity.Command>entityRefFor(BenchmarkEntity.TYPE_NAME, id))
        .toList();
  }

  /**
   * Asks every entity of {@code ids} for its balance from the driver node until all have answered
   * once: their shards are allocated (and, with replication, their first epoch established) and
   * the entities recovered. Asks again those that timed out, until {@code timeout}.
   */
  void awaitEveryEntityAnswers(List<String> ids, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<String> waiting = ids;
    while (!waiting.isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            waiting.size() + " of " + ids.size() + " entities did not answer within " + timeout
                + ", e.g. " + waiting.subList(0, Math.min(5, waiting.size())));
      }
      Map<String, CompletableFuture<Long>> asks = new LinkedHashMap<>();
      List<EntityRef<BenchmarkEntity.Command>> refs = entityRefs(waiting);
      for (int i = 0; i < waiting.size(); i++) {
        asks.put(
            waiting.get(i),
            refs.get(i).<Long>ask(BenchmarkEntity.GetBalance::new, ASK_TIMEOUT).toCompletableFuture());
      }
      List<String> unanswered = new ArrayList<>();
      for (Map.Entry<String, CompletableFuture<Long>> ask : asks.entrySet()) {
        try {
          ask.getValue().get(ASK_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
          unanswered.add(ask.getKey());
        }
      }
      waiting = unanswered;
    }
  }

  /**
   * Waits until every shard the entities of {@code ids} live in is hosted by its primary in the
   * shard table, and nowhere else: the coordinator may have allocated some shards before it saw
   * all three members, and a rebalance moving them during a measured window would hand off (and
   * drop the buffered commands of) busy shards.
   */
  void awaitPlacementSettled(List<String> ids, Duration timeout) throws Exception {
    Entities entities = Entities.get(driverNode().system());
    Set<Integer> inUse = ids.stream().map(entities::shardOf).collect(Collectors.toCollection(TreeSet::new));
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<Set<Integer>> hosted = shardsHostedPerNode();
      List<Set<Integer>> expected = new ArrayList<>();
      for (AtollNode node : nodes) {
        ShardTable table = Entities.get(node.system()).shardTable(BenchmarkEntity.TYPE_NAME);
        expected.add(inUse.stream()
            .filter(shard -> table.primaryIfAny(shard).filter(node.selfAddress()::equals).isPresent())
            .collect(Collectors.toCollection(TreeSet::new)));
      }
      if (hosted.equals(expected)) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "shards did not settle on their primaries within " + timeout + ": hosted " + hosted
                + ", primaries " + expected);
      }
      Thread.sleep(500); // polling a condition with a deadline
    }
  }

  /** How many shards of the entity type each node hosts, in node order. */
  List<Integer> shardsPerNode() throws Exception {
    return shardsHostedPerNode().stream().map(Set::size).toList();
  }

  /** The shards of the entity type each node hosts, in node order. */
  private List<Set<Integer>> shardsHostedPerNode() throws Exception {
    List<Set<Integer>> hosted = new ArrayList<>();
    for (AtollNode node : nodes) {
      ShardRegion.CurrentShardRegionState state =
          AskPattern.<org.apache.pekko.cluster.sharding.typed.ClusterShardingQuery,
                  ShardRegion.CurrentShardRegionState>ask(
                  ClusterSharding.get(node.system()).shardState(),
                  replyTo ->
                      new GetShardRegionState(
                          Entities.get(node.system()).typeKey(BenchmarkEntity.TYPE_NAME), replyTo),
                  ASK_TIMEOUT,
                  node.system().scheduler())
              .toCompletableFuture()
              .get(ASK_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
      hosted.add(state.getShards().stream()
          .map(shard -> Integer.valueOf(shard.shardId()))
          .collect(Collectors.toCollection(TreeSet::new)));
    }
    return hosted;
  }

  /**
   * How many nodes' journals hold the entity's latest event (its highest sequence number over the
   * three): 1 without replication, at least the write quorum with it.
   */
  int copiesOfLatestEvent(String entityId) {
    String persistenceId = BenchmarkEntity.TYPE_NAME + "|" + entityId;
    List<Long> tips =
        nodes.stream()
            .map(node -> AtollJournalStorage.get(node.system()).tip(persistenceId).sequenceNr())
            .toList();
    long highest = tips.stream().mapToLong(Long::longValue).max().orElse(0);
    if (highest == 0) {
      return 0;
    }
    return (int) tips.stream().filter(tip -> tip == highest).count();
  }

  /** Stops all three nodes, waits until they have terminated, and deletes their data. */
  @Override
  public void close() throws Exception {
    nodes.forEach(node -> node.system().terminate());
    for (AtollNode node : nodes) {
      node.whenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
    JournalThroughputBenchmark.deleteRecursively(dataRoot);
  }
}
