package dev.atoll.samples.bank;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.onComplete;
import static org.apache.pekko.http.javadsl.server.Directives.parameterOptional;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.post;
import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atoll.sharding.Entities;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.pattern.StatusReply;

/**
 * The bank's HTTP JSON API, served by every node; any node answers for any account or transfer
 * (sharding routes each command to the node that leads the entity's shard):
 *
 * <ul>
 *   <li>{@code POST /accounts/<id>?balance=<n>}: opens the account with balance n (default 0);
 *       200, or 409 if it is open already;
 *   <li>{@code POST /accounts/<id>/deposits/<operation>?amount=<n>} and {@code .../withdrawals/...}:
 *       moves n once per operation id (retry with the same id); 200 with the balance, 409 on
 *       overdraft;
 *   <li>{@code GET /accounts/<id>}: 200 with the balance;
 *   <li>{@code POST /transfers/<id>?from=<a>&to=<b>&amount=<n>}: starts the transfer, or joins it if
 *       that id was started before with the same request; 200 with its outcome ({@code phase}
 *       COMPLETED or FAILED, and the {@code reason}) once it is finished, 409 if the id was used for
 *       another request;
 *   <li>{@code GET /transfers/<id>}: 200 with the transfer's phase now.
 * </ul>
 *
 * Bad input is a 400 naming the parameter, an account never opened a 404 naming it. A command
 * for an entity whose node is unreachable is held until the node answers again or the cluster
 * moves the entity, for up to 5 s (see {@code Entities.ask}). When the entity does not answer in
 * time (it is failing over) the answer is 503: retry the same request, every one of them is
 * idempotent (a retried open answers 409 if the first one opened the account).
 */
public final class BankHttp {

  // Longer than a transfer's step timeout, so that a transfer with one resent step still answers;
  // shorter than a failover, so that a client learns soon that it should retry.
  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Entities entities;

  private BankHttp(Entities entities) {
    this.entities = entities;
  }

  /** Starts the account and transfer entity types on this node and serves the API on {@code host:port}. */
  public static CompletionStage<ServerBinding> start(ActorSystem<?> system, String host, int port) {
    Entities entities = Entities.get(system);
    entities.init(Account.spec());
    entities.init(Transfer.spec(entities));
    return Http.get(Adapter.toClassic(system)).newServerAt(host, port).bind(new BankHttp(entities).route());
  }

  Route route() {
    return concat(
        pathPrefix("accounts", () -> concat(
            path(segment(), id -> concat(
                post(() -> parameterOptional("balance", balance -> withAmount("balance", balance.orElse("0"), true, n ->
                    balanceAnswer(id, askAccount(id, replyTo -> new Account.Open(n, replyTo)))))),
                get(() -> balanceAnswer(id, askAccount(id, Account.GetBalance::new))))),
            path(segment().slash("deposits").slash(segment()), (id, operation) -> post(() -> amount(n ->
                balanceAnswer(id, askAccount(id, replyTo -> new Account.Deposit(operation, n, replyTo)))))),
            path(segment().slash("withdrawals").slash(segment()), (id, operation) -> post(() -> amount(n ->
                balanceAnswer(id, askAccount(id, replyTo -> new Account.Withdraw(operation, n, replyTo)))))))),
        path(segment("transfers").slash(segment()), id -> concat(
            post(() -> parameterOptional("from", from -> parameterOptional("to", to -> amount(n -> startTransfer(id, from, to, n))))),
            get(() -> transferAnswer(askTransfer(id, Transfer.GetStatus::new))))));
  }

  /**
   * Checks that both accounts exist (so that a typo is a 404 naming the account, not a failed
   * transfer), then starts or joins the transfer. The two checks run in parallel.
   */
  private Route startTransfer(String id, Optional<String> from, Optional<String> to, long amount) {
    if (from.isEmpty() || from.get().isBlank()) {
      return error(StatusCodes.BAD_REQUEST, "transfer " + id + ": query parameter 'from' (the source account) is missing");
    }
    if (to.isEmpty() || to.get().isBlank()) {
      return error(StatusCodes.BAD_REQUEST, "transfer " + id + ": query parameter 'to' (the target account) is missing");
    }
    CompletionStage<Long> source = askAccount(from.get(), Account.GetBalance::new);
    CompletionStage<Long> target = askAccount(to.get(), Account.GetBalance::new);
    return onComplete(source, sourceKnown -> onComplete(target, targetKnown -> {
      if (sourceKnown.isFailure()) {
        return failure(from.get(), sourceKnown.failed().get());
      }
      if (targetKnown.isFailure()) {
        return failure(to.get(), targetKnown.failed().get());
      }
      return transferAnswer(askTransfer(id, replyTo -> new Transfer.Start(from.get(), to.get(), amount, replyTo)));
    }));
  }

  /** Holds the command while the account's node is unreachable (see {@link Entities#ask}). */
  private CompletionStage<Long> askAccount(String id, Function<ActorRef<StatusReply<Long>>, Account.Command> command) {
    return entities.askWithStatus(Account.TYPE_NAME, id, command, ASK_TIMEOUT);
  }

  /** Holds the command while the transfer's node is unreachable (see {@link Entities#ask}). */
  private CompletionStage<Transfer.Status> askTransfer(
      String id, Function<ActorRef<StatusReply<Transfer.Status>>, Transfer.Command> command) {
    return entities.askWithStatus(Transfer.TYPE_NAME, id, command, ASK_TIMEOUT);
  }

  private static Route amount(Function<Long, Route> inner) {
    return parameterOptional("amount", amount -> amount.isEmpty()
        ? error(StatusCodes.BAD_REQUEST, "query parameter 'amount' is missing (a whole number > 0)")
        : withAmount("amount", amount.get(), false, inner));
  }

  private static Route withAmount(String name, String text, boolean zeroAllowed, Function<Long, Route> inner) {
    long value;
    try {
      value = Long.parseLong(text);
    } catch (NumberFormatException e) {
      value = -1;
    }
    if (value < 0 || (value == 0 && !zeroAllowed)) {
      return error(StatusCodes.BAD_REQUEST, "query parameter '" + name + "' = '" + text + "': must be a whole number "
          + (zeroAllowed ? ">= 0" : "> 0"));
    }
    return inner.apply(value);
  }

  private Route balanceAnswer(String id, CompletionStage<Long> reply) {
    return onComplete(reply, result -> result.isSuccess()
        ? json(StatusCodes.OK, balance(id, result.get()))
        : failure(id, result.failed().get()));
  }

  private Route transferAnswer(CompletionStage<Transfer.Status> reply) {
    return onComplete(reply, result -> {
      if (result.isFailure()) {
        return failure("transfer", result.failed().get());
      }
      Transfer.Status status = result.get();
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("id", status.transferId());
      body.put("phase", status.phase().name());
      body.put("from", status.from());
      body.put("to", status.to());
      body.put("amount", status.amount());
      body.put("reason", status.reason());
      return json(StatusCodes.OK, body);
    });
  }

  private static Map<String, Object> balance(String id, long balance) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", id);
    body.put("balance", balance);
    return body;
  }

  /** An entity's refusal as a 4xx naming what was wrong, or a 503 if it did not answer. */
  private static Route failure(String subject, Throwable failure) {
    if (!(failure instanceof StatusReply.ErrorMessage refusal)) {
      // A held command that timed out names the node that stayed unreachable; an ask, its entity.
      String why = failure instanceof TimeoutException && failure.getMessage() != null
          ? failure.getMessage()
          : failure.getClass().getSimpleName();
      return error(StatusCodes.SERVICE_UNAVAILABLE, subject + ": no answer in time (" + why + "); retry the same request");
    }
    String message = refusal.getMessage();
    StatusCode code = Account.Rejection.of(message).map(rejection -> switch (rejection) {
          case UNKNOWN_ACCOUNT -> StatusCodes.NOT_FOUND;
          case ALREADY_OPEN, INSUFFICIENT_FUNDS -> StatusCodes.CONFLICT;
          case INVALID_AMOUNT -> StatusCodes.BAD_REQUEST;
        })
        .orElseGet(() -> {
          String lower = message.toLowerCase(Locale.ROOT);
          return lower.startsWith("unknown") ? StatusCodes.NOT_FOUND
              : lower.startsWith("conflict") ? StatusCodes.CONFLICT
              : StatusCodes.BAD_REQUEST;
        });
    return error(code, message);
  }

  private static Route error(StatusCode code, String message) {
    return json(code, Map.of("error", message));
  }

  private static Route json(StatusCode code, Map<String, ?> body) {
    try {
      return complete(code, HttpEntities.create(ContentTypes.APPLICATION_JSON, JSON.writeValueAsString(body)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** For clients: the JSON object of an answer. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> parse(String body) throws java.io.IOException {
    return JSON.readValue(body, Map.class);
  }
}
