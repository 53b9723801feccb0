package dev.atoll.framework.internal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.atoll.framework.AtollSettings;
import dev.atoll.framework.AtollSettings.DowningStrategy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Derives the {@code pekko.*} keys that Atoll owns from validated {@link AtollSettings}. The result
 * is layered on top of the user's config, so these keys always agree with {@code atoll.*}: a node
 * can never run with, say, Atoll's seed list but another host, or with downing switched off
 * without the user having asked for it.
 */
public final class PekkoConfig {

  private static final String SBR_PROVIDER =
      "org.apache.pekko.cluster.sbr.SplitBrainResolverProvider";

  private PekkoConfig() {}

  public static Config derive(AtollSettings settings) {
    AtollSettings.Node node = settings.node();
    AtollSettings.Cluster cluster = settings.cluster();
    Map<String, Object> keys = new HashMap<>();

    keys.put("pekko.actor.provider", "cluster");
    // Java serialization can instantiate arbitrary classes named by a remote peer: never allow it.
    keys.put("pekko.actor.allow-java-serialization", "off");
    keys.put("pekko.actor.warn-about-java-serializer-usage", "on");
    keys.put("pekko.loggers", List.of("org.apache.pekko.event.slf4j.Slf4jLogger"));
    keys.put("pekko.logging-filter", "org.apache.pekko.event.slf4j.Slf4jLoggingFilter");

    keys.put("pekko.remote.artery.transport", cluster.transport().configName());
    keys.put("pekko.remote.artery.canonical.hostname", node.host());
    keys.put("pekko.remote.artery.canonical.port", node.port());

    List<String> seeds = new ArrayList<>();
    for (AtollSettings.HostPort seed : node.seedNodes()) {
      seeds.add(node.seedNodeUri(seed));
    }
    keys.put("pekko.cluster.seed-nodes", seeds);
    keys.put("pekko.cluster.roles", node.roles());

    keys.put("pekko.cluster.failure-detector.heartbeat-interval", millis(cluster.heartbeatInterval()));
    keys.put(
        "pekko.cluster.failure-detector.acceptable-heartbeat-pause",
        millis(cluster.acceptableHeartbeatPause()));
    keys.put("pekko.cluster.failure-detector.min-std-deviation", millis(cluster.minStdDeviation()));

    AtollSettings.Downing downing = cluster.downing();
    if (downing.strategy() == DowningStrategy.OFF) {
      keys.put("pekko.cluster.downing-provider-class", "");
    } else {
      keys.put("pekko.cluster.downing-provider-class", SBR_PROVIDER);
      keys.put("pekko.cluster.split-brain-resolver.active-strategy", downing.strategy().configName());
      keys.put("pekko.cluster.split-brain-resolver.stable-after", millis(downing.stableAfter()));
      if (downing.strategy() == DowningStrategy.STATIC_QUORUM) {
        keys.put(
            "pekko.cluster.split-brain-resolver.static-quorum.quorum-size",
            downing.staticQuorumSize());
      }
    }
    // A node that is downed or removed stops its ActorSystem (and with it its shards and journal),
    // so it cannot keep serving as a zombie.
    keys.put("pekko.cluster.run-coordinated-shutdown-when-down", "on");
    keys.put(
        "pekko.coordinated-shutdown.run-by-jvm-shutdown-hook",
        cluster.leaveOnJvmShutdown() ? "on" : "off");

    AtollSettings.Management management = settings.management();
    keys.put("pekko.management.http.hostname", management.host());
    keys.put("pekko.management.http.bind-hostname", management.host());
    keys.put("pekko.management.http.port", management.port());
    keys.put("pekko.management.http.bind-port", management.port());

    return ConfigFactory.parseMap(keys, "derived by Atoll from atoll.* settings");
  }

  private static String millis(java.time.Duration duration) {
    return duration.toMillis() + "ms";
  }

  /**
   * Pekko settings whose defaults Atoll changes, but only where the application did not set them
   * itself (the value still comes from one of Pekko's own reference.conf files). They shorten the
   * path from a crash to its shards answering on another node: every second Pekko spends between
   * downing a node and removing it, and between a shard losing its home and a region asking for a
   * new one, is a second of unavailability. Epochs, not these timers, keep the failover safe.
   */
  static final Map<String, String> FAILOVER_TUNING = Map.of(
      // Gossip and leader actions at 1 s each add up to ~2 s from "downed" to "removed": the other
      // members learn of the downing by gossip, and once all have seen it the leader removes the
      // node on its next leader-actions tick. That tick only acts once gossip has converged, so
      // it can run more often than gossip at little cost: at 250 ms FailoverIT's worst ledger
      // answered 0.5-0.8 s sooner than at 500 ms (benchmarks/RESULTS.md, 2026-12-07).
      "pekko.cluster.gossip-interval", "500ms",
      "pekko.cluster.leader-actions-interval", "250ms",
      // The failure detector's verdict is read on this tick (1 s): a crash was seen unreachable
      // up to a second after the detector's threshold passed, half a second on average. Each tick
      // only reads the detector of the few members this node monitors.
      "pekko.cluster.unreachable-nodes-reaper-interval", "250ms",
      // A region with messages for a homeless shard asks the coordinator again after this (2 s).
      "pekko.cluster.sharding.retry-interval", "200ms",
      // The sharding coordinator and every cluster singleton wait this long after a crashed member
      // is removed before they reallocate its shards or take over its singleton. Pekko's "off" does
      // not mean none: the split brain resolver then substitutes its stable-after, which cost every
      // failover another second (two when the coordinator's node was the one that crashed). The
      // margin protects data that relies on timing; Atoll's relies on epochs. 0 would also mean
      // "use stable-after", hence the smallest positive margin.
      "pekko.cluster.down-removal-margin", "1ms",
      // A node restarted on its old host:port is turned away while the leader removes its previous
      // incarnation, and asks again only after this (10 s): every restart after a crash paid it.
      // A retried Join is idempotent, so asking each second costs one small message.
      "pekko.cluster.retry-unsuccessful-join-after", "1s",
      // The sharding coordinator writes its state (regions, shard homes) to a majority plus 3
      // nodes, and never to fewer than 5: up to 8 nodes, to every node. One crashed node then
      // stalled every write until the cluster removed it, and while a write waits the coordinator
      // answers regions from its old state, which still names the crashed node's region: a shard
      // could not be allocated while any member was unreachable, and commands released at the
      // removal were sent to the dead node. A plain majority is enough for the reads to see
      // every write: the coordinator reads from a majority plus 5 nodes (every node up to 12),
      // so a read and a write share a node unless 14 or more nodes joined in between.
      "pekko.cluster.sharding.coordinator-state.write-majority-plus", "0",
      "pekko.cluster.sharding.distributed-data.majority-min-cap", "1",
      // How long the coordinator waits for a shard's hand-off (every region's BeginHandOffAck,
      // then the shard stopping its entities) before it gives up and leaves the shard where it
      // was (60 s). Until then, every request for the shard's home is deferred: a hand-off cut
      // short by a crash (ChaosIT saw a killed node's hand-off wait out the full minute) kept the
      // shard unavailable for a minute. An entity still gets handoff-timeout - 5 s (here 5 s, the
      // failover write-timeout, so a persist in flight has finished) before it is stopped. Giving
      // up is safe: the shard stays on its old region, and a later round moves it again.
      "pekko.cluster.sharding.handoff-timeout", "10s");

  /** {@link #FAILOVER_TUNING}, minus the keys {@code userConfig} sets itself. */
  public static Config tuningUnlessSet(Config userConfig) {
    Map<String, Object> keys = new LinkedHashMap<>();
    FAILOVER_TUNING.forEach((path, value) -> {
      if (!userConfig.hasPath(path) || isPekkoDefault(userConfig, path)) {
        keys.put(path, value);
      }
    });
    return ConfigFactory.parseMap(keys, "Atoll failover tuning of Pekko defaults");
  }

  private static boolean isPekkoDefault(Config config, String path) {
    java.net.URL url = config.getValue(path).origin().url();
    return url != null && url.toString().contains("/pekko-") && url.toString().endsWith("reference.conf");
  }
}
