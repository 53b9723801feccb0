package dev.atoll.failover.internal;

import static org.apache.pekko.http.javadsl.server.Directives.completeOK;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.parameter;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import dev.atoll.failover.ShardConfig;
import dev.atoll.journal.AtollJournalStorage;
import dev.atoll.journal.spi.ReplicatedEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.http.javadsl.marshallers.jackson.Jackson;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.management.javadsl.ManagementRouteProvider;
import org.apache.pekko.management.javadsl.ManagementRouteProviderSettings;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /atoll/failover} on the management endpoint (registered in this module's
 * reference.conf): the shards this node serves as primary with their state (establishing,
 * unavailable and why, established), complete backups and under-replication, and the latest
 * established epoch, primary and replicas of every shard this node has recorded, and the last
 * failovers it learned of ({@link RecentFailovers}); and {@code GET
 * /atoll/failover/log?persistence-id=<id>}, this node's copy of one log.
 */
public final class FailoverRoutes implements ManagementRouteProvider {

  /** A shard this node is primary of. */
  public record PrimaryJson(
      int shard, String state, String epoch, List<String> replicas, int completeBackups, boolean underReplicated, String detail) {}

  /** A shard's latest established configuration as this node recorded it. */
  public record ShardJson(int shard, String epoch, String primary, List<String> replicas) {}

  /**
   * A change of primary this node learned of: the shard's new epoch and primary, the primary before
   * it, {@code kind} ({@code failover}: the old primary had crashed or was cut off; {@code move}: it
   * was still a reachable member), when (ISO-8601), and how long establishing the epoch took (null
   * unless this node is the new primary, the only one that measured it).
   */
  public record RecentFailoverJson(
      int shard, String epoch, String primary, String previousPrimary, String kind, String at, @Nullable Long establishingMillis) {}

  /** The whole answer. */
  public record FailoverJson(
      String self,
      int replicationFactor,
      int underReplicated,
      int unavailable,
      List<PrimaryJson> primaries,
      List<ShardJson> shards,
      List<RecentFailoverJson> recentFailovers) {}

  private final ExtendedActorSystem system;

  public FailoverRoutes(ExtendedActorSystem system) {
    this.system = system;
  }

  /** One stored event of a log, without its payload. */
  public record EventJson(long sequenceNr, String epoch, String payloadHash) {}

  /** {@code /atoll/failover/log}: this node's copy of one persistence id's log. */
  public record LogJson(String self, String persistenceId, List<EventJson> events) {}

  @Override
  public Route routes(ManagementRouteProviderSettings settings) {
    return concat(
        path(segment("atoll").slash("failover"), () -> get(() -> completeOK(view(), Jackson.marshaller()))),
        path(segment("atoll").slash("failover").slash("log"),
            () -> get(() -> parameter("persistence-id", pid -> completeOK(log(pid), Jackson.marshaller())))));
  }

  /**
   * This node's copy of {@code persistenceId}'s log (at most {@link #MAX_LOG_EVENTS} events), so
   * that operators and tests can check that replicas agree: same sequence numbers, epochs and
   * payloads on every node.
   */
  private LogJson log(String persistenceId) {
    FailoverExtension failover = FailoverExtension.get(Adapter.toTyped(system));
    List<EventJson> events = new ArrayList<>();
    for (ReplicatedEvent event : AtollJournalStorage.get(Adapter.toTyped(system)).read(persistenceId, 1, MAX_LOG_EVENTS)) {
      events.add(new EventJson(event.event().sequenceNr(), event.epoch().toString(),
          Integer.toHexString(Arrays.hashCode(event.event().payload().bytes()))));
    }
    return new LogJson(failover.self(), persistenceId, events);
  }

  private static final int MAX_LOG_EVENTS = 100_000;

  private FailoverJson view() {
    FailoverExtension failover = FailoverExtension.get(Adapter.toTyped(system));
    List<PrimaryJson> primaries = new ArrayList<>();
    int under = 0;
    int unavailable = 0;
    for (ShardDirectory.Status status : failover.directory().statuses().values()) {
      primaries.add(new PrimaryJson(status.shard(), status.state(), status.config().epoch().toString(),
          status.config().replicas(), status.completeBackups(), status.underReplicated(), status.detail()));
      under += status.underReplicated() ? 1 : 0;
      unavailable += status.state().equals("unavailable") ? 1 : 0;
    }
    List<ShardJson> shards = new ArrayList<>();
    for (Map.Entry<Integer, ShardConfig> entry : failover.directory().committedConfigs().entrySet()) {
      ShardConfig config = entry.getValue();
      shards.add(new ShardJson(entry.getKey(), config.epoch().toString(), config.primary(), config.replicas()));
    }
    List<RecentFailoverJson> recent = new ArrayList<>();
    for (RecentFailovers.Failover f : failover.directory().recentFailovers()) {
      recent.add(new RecentFailoverJson(f.shard(), f.epoch(), f.primary(), f.previousPrimary(),
          f.planned() ? "move" : "failover", f.at().toString(),
          f.establishingMillis().isPresent() ? f.establishingMillis().getAsLong() : null));
    }
    return new FailoverJson(failover.self(), failover.settings().replicationFactor(), under, unavailable, primaries, shards, recent);
  }
}
