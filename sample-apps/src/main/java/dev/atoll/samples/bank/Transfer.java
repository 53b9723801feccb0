package dev.atoll.samples.bank;

import dev.atoll.framework.AtollSerializable;
import dev.atoll.sharding.Entities;
import dev.atoll.sharding.EntityContext;
import dev.atoll.sharding.EntitySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReplyBuilder;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandlerBuilder;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * A money transfer between two {@link Account}s, as a saga persisted step by step:
 *
 * <pre>
 * requested --debit applied--> debited --credit applied--> completed
 *     |                            |
 *     debit rejected               credit rejected
 *     v                            v
 *   failed                    compensating --refund applied--> failed (compensated)
 * </pre>
 *
 * Each step is one account command with the operation id {@code <transfer id>/<step>}; accounts
 * apply an operation id once, so the saga resends a step until it has an answer: a step that times
 * out (its account is failing over, or its answer was lost) is sent again, never given up.
 * A rejection (overdraft, unknown account) is an answer, and is persisted as such.
 *
 * <p>Only the outcome of a step is persisted, never the intent to send it, so after a crash the
 * entity (restarted by its next message, on whichever node now leads its shard) replays its events
 * and, on {@link RecoveryCompleted}, resends the step the last event calls for. {@link Start} is
 * idempotent: the same transfer id with the same accounts and amount answers with that transfer's
 * outcome and never moves money again.
 */
public final class Transfer
    extends EventSourcedBehaviorWithEnforcedReplies<Transfer.Command, Transfer.Event, Transfer.State> {

  public static final String TYPE_NAME = "Transfer";

  public static final EntityTypeKey<Command> ENTITY_TYPE_KEY = EntityTypeKey.create(Command.class, TYPE_NAME);

  /**
   * How long one step waits for its account's answer before it is sent again. Shorter than a
   * failover (seconds), so a step lost with a crashed node is resent soon after its account has
   * moved; long enough that a loaded 2-core machine rarely resends a step that was only slow.
   */
  public static final Duration DEFAULT_STEP_TIMEOUT = Duration.ofSeconds(3);

  /** What a transfer accepts from clients, and the answers of its own steps. */
  public sealed interface Command extends AtollSerializable permits Start, GetStatus, StepAnswered {}

  /**
   * Starts the transfer of {@code amount} (> 0) from account {@code from} to account {@code to}, or,
   * if this transfer id was started before with the same accounts and amount, joins it. Replies
   * once the transfer is {@link Phase#finished() finished}.
   */
  public record Start(String from, String to, long amount, ActorRef<StatusReply<Status>> replyTo) implements Command {}

  /** Replies with the transfer's status now. */
  public record GetStatus(ActorRef<StatusReply<Status>> replyTo) implements Command {}

  /** The answer of an account to a step, sent by the transfer to itself. */
  public record StepAnswered(Step step, Answer answer, String detail) implements Command {}

  /** The three account commands a transfer may send. */
  public enum Step {
    DEBIT,
    CREDIT,
    REFUND;

    String operationId(String transferId) {
      return transferId + "/" + name().toLowerCase(Locale.ROOT);
    }
  }

  /** How a step ended: applied, refused by the account, or no answer in time. */
  public enum Answer {
    APPLIED,
    REJECTED,
    NO_ANSWER
  }

  /** What a transfer stores: the request, then the outcome of each step. */
  public sealed interface Event extends AtollSerializable
      permits Requested, SourceDebited, DebitRejected, TargetCredited, CreditRejected, SourceRefunded {}

  public record Requested(String from, String to, long amount) implements Event {}

  public record SourceDebited() implements Event {}

  public record DebitRejected(String reason) implements Event {}

  public record TargetCredited() implements Event {}

  public record CreditRejected(String reason) implements Event {}

  public record SourceRefunded() implements Event {}

  /** Where a saga is. */
  public enum Phase {
    NONE,
    REQUESTED,
    DEBITED,
    COMPENSATING,
    COMPLETED,
    FAILED;

    /** Completed or failed: no step is left to send. */
    public boolean finished() {
      return this == COMPLETED || this == FAILED;
    }
  }

  /** The state of a saga: the request, its phase, and why it failed if it did (else ""). */
  public record State(String from, String to, long amount, Phase phase, String reason) implements AtollSerializable {

    static State none() {
      return new State("", "", 0, Phase.NONE, "");
    }

    State in(Phase next) {
      return new State(from, to, amount, next, reason);
    }

    State failed(String why) {
      return new State(from, to, amount, Phase.FAILED, why);
    }

    boolean sameRequest(Start start) {
      return from.equals(start.from()) && to.equals(start.to()) && amount == start.amount();
    }
  }

  /** The answer to {@link Start} and {@link GetStatus}. */
  public record Status(String transferId, Phase phase, String from, String to, long amount, String reason)
      implements AtollSerializable {}

  private final ActorContext<Command> actor;
  private final String transferId;
  private final Function<String, RecipientRef<Account.Command>> accounts;
  private final Duration stepTimeout;
  // Clients waiting for the outcome. Not persisted: after a restart a client retries its Start.
  private final List<ActorRef<StatusReply<Status>>> waiting = new ArrayList<>();

  private Transfer(
      ActorContext<Command> actor,
      EntityContext<Command> context,
      Function<String, RecipientRef<Account.Command>> accounts,
      Duration stepTimeout) {
    super(context.persistenceId(), BankEntities.RESTART_ON_PERSIST_FAILURE);
    this.actor = actor;
    this.transferId = context.entityId();
    this.accounts = accounts;
    this.stepTimeout = stepTimeout;
  }

  /**
   * The behavior of transfer {@code context.entityId()}, which reaches account {@code id} through
   * {@code accounts.apply(id)} and waits {@code stepTimeout} for each answer.
   */
  public static Behavior<Command> create(
      EntityContext<Command> context, Function<String, RecipientRef<Account.Command>> accounts, Duration stepTimeout) {
    return Behaviors.setup(actor -> new Transfer(actor, context, accounts, stepTimeout));
  }

  /** The spec to give {@code Entities.init}; the accounts are {@link Account#spec()} entities of {@code entities}. */
  public static EntitySpec<Command> spec(Entities entities) {
    return EntitySpec.of(
            TYPE_NAME,
            Command.class,
            context -> create(context, id -> entities.entityRefFor(Account.TYPE_NAME, id), DEFAULT_STEP_TIMEOUT))
        .withoutSnapshots();
  }

  @Override
  public State emptyState() {
    return State.none();
  }

  @Override
  public SignalHandler<State> signalHandler() {
    return newSignalHandlerBuilder().onSignal(RecoveryCompleted.instance(), this::sendStepOf).build();
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    CommandHandlerWithReplyBuilder<Command, Event, State> builder = newCommandHandlerWithReplyBuilder();
    builder
        .forState(state -> state.phase() == Phase.NONE)
        .onCommand(Start.class, this::start)
        .onCommand(GetStatus.class, (state, get) -> Effect().reply(get.replyTo(),
            StatusReply.error("unknown transfer: '" + transferId + "' was never started")))
        .onCommand(StepAnswered.class, (state, answered) -> Effect().noReply());
    builder
        .forState(state -> state.phase() == Phase.REQUESTED)
        .onCommand(StepAnswered.class, (state, answered) -> onAnswer(state, answered, Step.DEBIT,
            () -> Effect().persist(new SourceDebited()).thenRun(this::sendStepOf).thenNoReply(),
            () -> Effect().persist(new DebitRejected(answered.detail())).thenRun(this::answerWaiting).thenNoReply()));
    builder
        .forState(state -> state.phase() == Phase.DEBITED)
        .onCommand(StepAnswered.class, (state, answered) -> onAnswer(state, answered, Step.CREDIT,
            () -> Effect().persist(new TargetCredited()).thenRun(this::answerWaiting).thenNoReply(),
            () -> Effect().persist(new CreditRejected(answered.detail())).thenRun(this::sendStepOf).thenNoReply()));
    builder
        .forState(state -> state.phase() == Phase.COMPENSATING)
        .onCommand(StepAnswered.class, (state, answered) -> onAnswer(state, answered, Step.REFUND,
            () -> Effect().persist(new SourceRefunded()).thenRun(this::answerWaiting).thenNoReply(),
            () -> {
              // The source was debited by this saga, so it exists and takes a deposit: a refusal
              // here is a bug or an operator's doing. Keep the money's trail visible and retry.
              actor.getLog().error("transfer {}: refund to {} refused ({}); retrying", transferId, state.from(), answered.detail());
              sendStepOf(state);
              return Effect().noReply();
            }));
    builder
        .forAnyState()
        .onCommand(Start.class, this::join)
        .onCommand(GetStatus.class, (state, get) -> Effect().reply(get.replyTo(), StatusReply.success(status(state))))
        .onCommand(StepAnswered.class, (state, stale) -> Effect().noReply());
    return builder.build();
  }

  private ReplyEffect<Event, State> start(State state, Start start) {
    Optional<String> invalid = invalid(start);
    if (invalid.isPresent()) {
      return Effect().reply(start.replyTo(), StatusReply.error(invalid.get()));
    }
    waiting.add(start.replyTo());
    return Effect().persist(new Requested(start.from(), start.to(), start.amount())).thenRun(this::sendStepOf).thenNoReply();
  }

  private Optional<String> invalid(Start start) {
    if (start.amount() <= 0) {
      return Optional.of("invalid amount: transfer " + transferId + " of " + start.amount() + " must be > 0");
    }
    if (start.from().isBlank() || start.to().isBlank()) {
      return Optional.of("invalid accounts: transfer " + transferId + " needs both a source and a target account");
    }
    if (start.from().equals(start.to())) {
      return Optional.of("invalid accounts: transfer " + transferId + " from '" + start.from() + "' to itself");
    }
    return Optional.empty();
  }

  /** A retried {@link Start}: the same request joins the saga; another one is a conflict. */
  private ReplyEffect<Event, State> join(State state, Start start) {
    if (!state.sameRequest(start)) {
      return Effect().reply(start.replyTo(), StatusReply.error("conflict: transfer " + transferId + " is "
          + state.amount() + " from '" + state.from() + "' to '" + state.to() + "', not " + start.amount()
          + " from '" + start.from() + "' to '" + start.to() + "'"));
    }
    if (state.phase().finished()) {
      return Effect().reply(start.replyTo(), StatusReply.success(status(state)));
    }
    waiting.add(start.replyTo());
    return Effect().noReply();
  }

  private ReplyEffect<Event, State> onAnswer(
      State state,
      StepAnswered answered,
      Step expected,
      java.util.function.Supplier<ReplyEffect<Event, State>> applied,
      java.util.function.Supplier<ReplyEffect<Event, State>> rejected) {
    if (answered.step() != expected) {
      return Effect().noReply(); // a late answer to an earlier step
    }
    return switch (answered.answer()) {
      case APPLIED -> applied.get();
      case REJECTED -> rejected.get();
      case NO_ANSWER -> {
        actor.getLog().info("transfer {}: no answer to {} within {} ({}); sending it again", transferId,
            expected.operationId(transferId), stepTimeout, answered.detail());
        sendStepOf(state);
        yield Effect().noReply();
      }
    };
  }

  /** Sends the account command that {@code state}'s phase waits for, if any. */
  private void sendStepOf(State state) {
    switch (state.phase()) {
      case REQUESTED -> send(Step.DEBIT, state.from(), replyTo -> new Account.Withdraw(Step.DEBIT.operationId(transferId), state.amount(), replyTo));
      case DEBITED -> send(Step.CREDIT, state.to(), replyTo -> new Account.Deposit(Step.CREDIT.operationId(transferId), state.amount(), replyTo));
      case COMPENSATING -> send(Step.REFUND, state.from(), replyTo -> new Account.Deposit(Step.REFUND.operationId(transferId), state.amount(), replyTo));
      case NONE, COMPLETED, FAILED -> { }
    }
  }

  private void send(Step step, String accountId, Function<ActorRef<StatusReply<Long>>, Account.Command> command) {
    // The answer comes back as a message to this actor (no callback on another thread).
    actor.askWithStatus(Long.class, accounts.apply(accountId), stepTimeout, command::apply, (balance, failure) -> {
      if (failure == null) {
        return new StepAnswered(step, Answer.APPLIED, "");
      }
      if (failure instanceof StatusReply.ErrorMessage rejection) {
        return new StepAnswered(step, Answer.REJECTED, rejection.getMessage());
      }
      return new StepAnswered(step, Answer.NO_ANSWER,
          failure instanceof TimeoutException ? "timed out" : String.valueOf(failure.getMessage()));
    });
  }

  private void answerWaiting(State state) {
    StatusReply<Status> outcome = StatusReply.success(status(state));
    waiting.forEach(client -> client.tell(outcome));
    waiting.clear();
  }

  private Status status(State state) {
    return new Status(transferId, state.phase(), state.from(), state.to(), state.amount(), state.reason());
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    EventHandlerBuilder<State, Event> builder = newEventHandlerBuilder();
    builder
        .forAnyState()
        .onEvent(Requested.class, (state, e) -> new State(e.from(), e.to(), e.amount(), Phase.REQUESTED, ""))
        .onEvent(SourceDebited.class, (state, e) -> state.in(Phase.DEBITED))
        .onEvent(DebitRejected.class, (state, e) -> state.failed("debit rejected: " + e.reason()))
        .onEvent(TargetCredited.class, (state, e) -> state.in(Phase.COMPLETED))
        .onEvent(CreditRejected.class, (state, e) -> new State(state.from(), state.to(), state.amount(), Phase.COMPENSATING,
            "credit rejected: " + e.reason()))
        .onEvent(SourceRefunded.class, (state, e) -> state.failed(state.reason() + "; refunded to '" + state.from() + "'"));
    return builder.build();
  }
}
