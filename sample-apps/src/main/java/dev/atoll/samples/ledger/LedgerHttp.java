package dev.atoll.samples.ledger;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.onComplete;
import static org.apache.pekko.http.javadsl.server.Directives.parameter;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.post;
import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atoll.sharding.Entities;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The ledger's HTTP API, for the demo and for crash tests that drive a cluster from outside:
 *
 * <ul>
 *   <li>{@code POST /ledger/<id>?value=<v>}: appends {@code v}; 200 with every value once the event
 *       is acknowledged (stored on a write quorum), 503 if the outcome is not known within 2 s of sending
 *       the command, or if the ledger's node stayed unreachable for 2 s before it could be sent (retry the
 *       same value: appends are idempotent);
 *   <li>{@code GET /ledger/<id>}: 200 with every value.
 * </ul>
 *
 * Any node answers for any entity: sharding routes the command to the entity's node.
 */
public final class LedgerHttp {

  // Short, so that a client whose command was lost with a crashed node learns it soon and retries
  // (appends are idempotent); a healthy entity answers in milliseconds.
  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(2);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Entities entities;

  private LedgerHttp(Entities entities) {
    this.entities = entities;
  }

  /** Starts the ledger entity type on this node and serves its API on {@code host:port}. */
  public static CompletionStage<ServerBinding> start(ActorSystem<?> system, String host, int port) {
    Entities entities = Entities.get(system);
    entities.init(Ledger.spec());
    return Http.get(Adapter.toClassic(system)).newServerAt(host, port).bind(new LedgerHttp(entities).route());
  }

  Route route() {
    return path(segment("ledger").slash(segment()), id -> concat(
        post(() -> parameter("value", value -> answer(id, ask(id, replyTo -> new Ledger.Append(value, replyTo))))),
        get(() -> answer(id, ask(id, Ledger.Read::new)))));
  }

  /** Holds the command while the ledger's node is unreachable (see {@link Entities#ask}). */
  private CompletionStage<Ledger.Values> ask(String id, Function<ActorRef<Ledger.Values>, Ledger.Command> command) {
    return entities.ask(Ledger.TYPE_NAME, id, command, ASK_TIMEOUT);
  }

  private Route answer(String id, CompletionStage<Ledger.Values> reply) {
    return onComplete(reply, result -> {
      if (result.isSuccess()) {
        return complete(StatusCodes.OK, HttpEntities.create(ContentTypes.APPLICATION_JSON, json(Map.of("id", id, "values", result.get().values()))));
      }
      return complete(StatusCodes.SERVICE_UNAVAILABLE, HttpEntities.create(ContentTypes.APPLICATION_JSON,
          json(Map.of("id", id, "error", String.valueOf(result.failed().get().getMessage())))));
    });
  }

  private static String json(Map<String, ?> body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The values of a JSON answer, for clients. */
  @SuppressWarnings("unchecked")
  public static List<String> values(String body) throws java.io.IOException {
    return (List<String>) JSON.readValue(body, Map.class).get("values");
  }
}
