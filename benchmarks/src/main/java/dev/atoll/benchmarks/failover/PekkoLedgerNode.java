package dev.atoll.benchmarks.failover;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.onComplete;
import static org.apache.pekko.http.javadsl.server.Directives.parameter;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.post;
import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The failover baseline: one plain Pekko node, set up the way Pekko's documentation shows and
 * without any Atoll code: cluster sharding with its defaults, the split brain resolver switched on
 * (Pekko ships with no downing provider), pekko-persistence-jdbc on a PostgreSQL database shared by
 * every node, Jackson CBOR for messages. It serves the same HTTP API as Atoll's ledger sample
 * ({@code POST /ledger/<id>?value=<v>}, 200 once persisted, 503 after 2 s) plus {@code GET
 * /members} (how many members this node sees Up and reachable), so one driver measures both.
 *
 * <p>{@code --tuned} applies the failure-detector and downing settings that Atoll's nodes use by
 * default (heartbeat 500 ms, acceptable pause 2 s, minimum deviation 50 ms, failure detector read
 * every 250 ms, resolver stable-after 500 ms, gossip 500 ms, leader actions 250 ms, sharding retry
 * 200 ms), so that the tuned baseline detects and downs a crash as fast as Atoll does and the
 * difference left is what happens afterwards.
 *
 * <p>Usage: {@code PekkoLedgerNode --port P --http-port H --seed HOST:PORT... --jdbc-url URL
 * --jdbc-user USER [--tuned]}
 */
public final class PekkoLedgerNode {

  /** The settings of {@code --tuned}: Atoll's defaults for the same Pekko keys. */
  static final String TUNED = """
      pekko.cluster.failure-detector.heartbeat-interval = 500ms
      pekko.cluster.failure-detector.acceptable-heartbeat-pause = 2s
      pekko.cluster.failure-detector.min-std-deviation = 50ms
      pekko.cluster.unreachable-nodes-reaper-interval = 250ms
      pekko.cluster.split-brain-resolver.stable-after = 500ms
      pekko.cluster.gossip-interval = 500ms
      pekko.cluster.leader-actions-interval = 250ms
      pekko.cluster.sharding.retry-interval = 200ms
      """;

  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(2);
  private static final ObjectMapper JSON = new ObjectMapper();

  private PekkoLedgerNode() {}

  public static void main(String[] args) {
    Map<String, List<String>> options = options(args);
    int port = Integer.parseInt(single(options, "--port"));
    int httpPort = Integer.parseInt(single(options, "--http-port"));
    Config config = config(port, options.getOrDefault("--seed", List.of()), single(options, "--jdbc-url"),
        single(options, "--jdbc-user"), options.containsKey("--tuned"));
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "ledger", config);
    String node = "127.0.0.1:" + port;
    ClusterSharding sharding = ClusterSharding.get(system);
    sharding.init(Entity.of(PekkoLedger.TYPE_KEY, context -> PekkoLedger.create(context.getEntityId(), node)));
    Http.get(Adapter.toClassic(system)).newServerAt("127.0.0.1", httpPort).bind(route(system, sharding))
        .whenComplete((binding, failure) -> {
          if (failure != null) {
            System.err.println("HTTP bind on 127.0.0.1:" + httpPort + " failed: " + failure);
            system.terminate();
          } else {
            System.out.println("pekko ledger node " + node + " serving HTTP on 127.0.0.1:" + httpPort);
          }
        });
  }

  static Config config(int port, List<String> seeds, String jdbcUrl, String jdbcUser, boolean tuned) {
    List<String> seedUris = new ArrayList<>();
    seeds.forEach(seed -> seedUris.add("\"pekko://ledger@" + seed + "\""));
    String base = """
        pekko {
          loglevel = INFO
          actor {
            provider = cluster
            serialization-bindings { "dev.atoll.benchmarks.failover.PekkoLedger$CborSerializable" = jackson-cbor }
          }
          remote.artery.canonical { hostname = "127.0.0.1", port = %d }
          cluster {
            seed-nodes = [%s]
            downing-provider-class = "org.apache.pekko.cluster.sbr.SplitBrainResolverProvider"
          }
          persistence {
            journal.plugin = "jdbc-journal"
            snapshot-store.plugin = "jdbc-snapshot-store"
          }
        }
        jdbc-journal.use-shared-db = "slick"
        jdbc-snapshot-store.use-shared-db = "slick"
        pekko-persistence-jdbc.shared-databases.slick {
          profile = "slick.jdbc.PostgresProfile$"
          db {
            url = "%s"
            user = "%s"
            password = ""
            driver = "org.postgresql.Driver"
            numThreads = 5
            maxConnections = 5
            minConnections = 1
          }
        }
        """.formatted(port, String.join(", ", seedUris), jdbcUrl, jdbcUser);
    return ConfigFactory.parseString((tuned ? TUNED : "") + base).withFallback(ConfigFactory.load());
  }

  private static Route route(ActorSystem<Void> system, ClusterSharding sharding) {
    return concat(
        path(segment("ledger").slash(segment()), id -> concat(
            post(() -> parameter("value", value -> answer(id,
                sharding.entityRefFor(PekkoLedger.TYPE_KEY, id).ask(replyTo -> new PekkoLedger.Append(value, replyTo), ASK_TIMEOUT)))),
            get(() -> answer(id, sharding.entityRefFor(PekkoLedger.TYPE_KEY, id).ask(PekkoLedger.Read::new, ASK_TIMEOUT))))),
        path("members", () -> get(() -> {
          Cluster cluster = Cluster.get(system);
          long up = 0;
          for (org.apache.pekko.cluster.Member member : cluster.state().getMembers()) {
            if (member.status() == MemberStatus.up() && !cluster.state().getUnreachable().contains(member)) {
              up++;
            }
          }
          return complete(StatusCodes.OK, HttpEntities.create(ContentTypes.APPLICATION_JSON, json(Map.of("up", up))));
        })));
  }

  private static Route answer(String id, CompletionStage<PekkoLedger.Values> reply) {
    return onComplete(reply, result -> {
      if (result.isSuccess()) {
        return complete(StatusCodes.OK, HttpEntities.create(ContentTypes.APPLICATION_JSON,
            json(Map.of("id", id, "values", result.get().values(), "node", result.get().node()))));
      }
      return complete(StatusCodes.SERVICE_UNAVAILABLE, HttpEntities.create(ContentTypes.APPLICATION_JSON,
          json(Map.of("id", id, "error", String.valueOf(result.failed().get().getMessage())))));
    });
  }

  private static String json(Map<String, ?> body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, List<String>> options(String[] args) {
    Map<String, List<String>> options = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--tuned")) {
        options.put("--tuned", List.of());
      } else if (args[i].startsWith("--") && i + 1 < args.length) {
        options.computeIfAbsent(args[i], k -> new ArrayList<>()).add(args[++i]);
      } else {
        throw new IllegalArgumentException("unexpected argument '" + args[i] + "'; usage: PekkoLedgerNode --port P "
            + "--http-port H --seed HOST:PORT... --jdbc-url URL --jdbc-user USER [--tuned]");
      }
    }
    return options;
  }

  private static String single(Map<String, List<String>> options, String name) {
    List<String> values = options.get(name);
    if (values == null || values.size() != 1) {
      throw new IllegalArgumentException(name + " is required once, got " + values);
    }
    return values.get(0);
  }
}
