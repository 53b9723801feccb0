package dev.atoll.sharding;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.atoll.framework.AtollNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.GetClusterShardingStats;
import org.apache.pekko.cluster.sharding.typed.GetShardRegionState;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

/** Helpers to run Atoll nodes inside a test JVM and to see where shards live. */
final class ClusterNodes {

  private ClusterNodes() {}

  /** The config of one in-JVM test node: port 0, the shared test journal, small shard numbers. */
  static Config nodeConfig(String extra) {
    Path dataDir;
    try {
      Files.createDirectories(Path.of("target"));
      dataDir = Files.createTempDirectory(Path.of("target"), "atoll-node-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return ConfigFactory.parseString(
        extra
            + "\natoll.node { port = 0, data-dir = \""
            + dataDir.toAbsolutePath().toString().replace("\\", "/")
            + "\" }\n"
            + "atoll.sharding { number-of-shards = 32, virtual-nodes = 64, rebalance-interval = 1s,"
            + " rebalance-max-per-round = 8 }\n"
            + "atoll.management.enabled = off\n"
            + "pekko.cluster.sharding.distributed-data.durable.keys = []\n"
            + SharedInMemoryJournal.CONFIG);
  }

  static AtollNode start(String extra) {
    return AtollNode.start(nodeConfig(extra));
  }

  /** Where every started shard of {@code type} lives, by shard number, as the coordinator reports. */
  static Map<Integer, Address> shardHomes(ActorSystem<?> system, EntityTypeKey<?> type) {
    TestProbe<ShardRegion.ClusterShardingStats> probe = TestProbe.create(system);
    ClusterSharding.get(system)
        .shardState()
        .tell(new GetClusterShardingStats(type, Duration.ofSeconds(3), probe.ref()));
    ShardRegion.ClusterShardingStats stats = probe.receiveMessage(Duration.ofSeconds(10));
    Map<Integer, Address> homes = new HashMap<>();
    stats
        .getRegions()
        .forEach(
            (address, region) -> {
              if (!region.getFailed().isEmpty()) {
                throw new AssertionError("shards failed to answer on " + address + ": " + region.getFailed());
              }
              region.getStats().keySet().forEach(shard -> homes.put(Integer.parseInt(shard), address));
            });
    return homes;
  }

  /** The shard of each entity running in {@code system}'s own region of {@code type}. */
  static Map<String, Integer> localEntityShards(ActorSystem<?> system, EntityTypeKey<?> type) {
    TestProbe<ShardRegion.CurrentShardRegionState> probe = TestProbe.create(system);
    ClusterSharding.get(system).shardState().tell(new GetShardRegionState(type, probe.ref()));
    Map<String, Integer> shards = new HashMap<>();
    for (ShardRegion.ShardState shard : probe.receiveMessage(Duration.ofSeconds(10)).getShards()) {
      shard.getEntityIds().forEach(id -> shards.put(id, Integer.parseInt(shard.shardId())));
    }
    return shards;
  }

  static void terminate(AtollNode node) {
    node.system().terminate();
    node.whenTerminated().toCompletableFuture().orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join();
  }
}
