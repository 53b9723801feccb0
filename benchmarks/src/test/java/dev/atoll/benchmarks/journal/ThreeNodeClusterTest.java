package dev.atoll.benchmarks.journal;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.atoll.sharding.Entities;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The cluster {@link ReplicatedJournalBenchmark} measures on must be what it claims: entities
 * spread over all three nodes, each acknowledged event stored on a write quorum of them when
 * replicated, and on its primary only when the replicator is {@code local}.
 */
@ExtendWith(LogCapturingExtension.class)
class ThreeNodeClusterTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  /** Enough entities that each of three nodes is primary for some of their ~50 shards. */
  private static final List<String> IDS = IntStream.range(0, 100).mapToObj(i -> "acc-" + i).toList();

  @Test
  void replicatedClusterStoresEveryAcknowledgedEventOnAWriteQuorumOfNodes() throws Exception {
    try (ThreeNodeCluster cluster = ThreeNodeCluster.start(ConfigFactory.empty(), TIMEOUT)) {
      cluster.awaitEveryEntityAnswers(IDS, TIMEOUT);
      depositOnceEach(cluster);

      assertThat(IDS).allSatisfy(id -> assertThat(cluster.copiesOfLatestEvent(id)).as("nodes holding %s's event", id).isBetween(2, 3));
      assertShardsSpreadOverAllThreeNodes(cluster);
    }
  }

  @Test
  void localOnlyClusterStoresEachEventOnItsPrimaryOnly() throws Exception {
    try (ThreeNodeCluster cluster =
        ThreeNodeCluster.start(ConfigFactory.parseString("atoll.journal.replicator = local"), TIMEOUT)) {
      cluster.awaitEveryEntityAnswers(IDS, TIMEOUT);
      depositOnceEach(cluster);

      assertThat(IDS).allSatisfy(id -> assertThat(cluster.copiesOfLatestEvent(id)).as("nodes holding %s's event", id).isEqualTo(1));
      assertShardsSpreadOverAllThreeNodes(cluster);
    }
  }

  /** Every entity persists one event, acknowledged back on the driver node. */
  private static void depositOnceEach(ThreeNodeCluster cluster) {
    List<EntityRef<BenchmarkEntity.Command>> refs = cluster.entityRefs(IDS);
    List<CompletableFuture<BenchmarkEntity.Persisted>> deposits =
        IntStream.range(0, refs.size())
            .mapToObj(i -> refs.get(i).<BenchmarkEntity.Persisted>ask(
                    replyTo -> new BenchmarkEntity.Deposit(i, 42L, replyTo), Duration.ofSeconds(20))
                .toCompletableFuture())
            .toList();
    assertThat(deposits).allSatisfy(deposit -> assertThat(deposit.join().commandId()).isEqualTo(42L));
  }

  private static void assertShardsSpreadOverAllThreeNodes(ThreeNodeCluster cluster) throws Exception {
    cluster.awaitPlacementSettled(IDS, TIMEOUT);
    Entities entities = Entities.get(cluster.driverNode().system());
    long shardsInUse = IDS.stream().map(entities::shardOf).distinct().count();
    List<Integer> shards = cluster.shardsPerNode();
    assertThat(shards).hasSize(3).allSatisfy(count -> assertThat(count).isPositive());
    assertThat(shards.stream().mapToInt(Integer::intValue).sum()).isEqualTo((int) shardsInUse);
  }
}
