package dev.atoll.samples.bank;

import dev.atoll.framework.AtollSerializable;
import dev.atoll.sharding.EntityContext;
import dev.atoll.sharding.EntitySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReplyBuilder;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandlerBuilder;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * A bank account of the bank sample: opened once with an initial balance, then deposits and
 * withdrawals, never below zero. Every money-moving command carries an <em>operation id</em> (for
 * a transfer: its id and step, {@code t-17/debit}), and the first answer to an operation id is its
 * answer for good: an operation applied is answered again without being applied again, and a
 * withdrawal refused for lack of funds is refused again even if the balance has grown since. So
 * the {@link Transfer} saga may resend a step whose answer it lost, as often as it needs to, even
 * if an old copy of the step arrives late, and money still moves exactly once.
 *
 * <p>Rejections are {@link StatusReply#error(String) errors} whose message starts with a
 * {@link Rejection} prefix, so that a client can tell an unknown account from an overdraft.
 */
public final class Account
    extends EventSourcedBehaviorWithEnforcedReplies<Account.Command, Account.Event, Account.State> {

  public static final String TYPE_NAME = "Account";

  public static final EntityTypeKey<Command> ENTITY_TYPE_KEY = EntityTypeKey.create(Command.class, TYPE_NAME);

  /**
   * How many answered operations (applied or refused) an account remembers, the most recent ones.
   * A step is resent only by its own saga and only until that saga has persisted the step's
   * answer; so every copy of an operation reaches the account within one saga's retry window (a
   * few step timeouts, or one failover: seconds). The account must remember every operation it
   * answered in that window: 1,000 is far more than one account receives in it (the demo drives a
   * few per second per account), and keeps the state and each snapshot at about 40 KB. An
   * application whose sagas can stall longer than an account takes to answer this many
   * operations needs a larger bound, or sagas that confirm a step so the account may forget it.
   */
  static final int REMEMBERED_OPERATIONS = 1_000;

  /** What an account accepts. */
  public sealed interface Command extends AtollSerializable permits Open, Deposit, Withdraw, GetBalance {}

  /** Opens the account with {@code initialBalance} (>= 0); replies with the balance. */
  public record Open(long initialBalance, ActorRef<StatusReply<Long>> replyTo) implements Command {}

  /** Adds {@code amount} (> 0) unless {@code operationId} was applied; replies with the balance. */
  public record Deposit(String operationId, long amount, ActorRef<StatusReply<Long>> replyTo) implements Command {}

  /**
   * Takes {@code amount} (> 0) if the balance covers it, unless {@code operationId} was applied;
   * replies with the balance.
   */
  public record Withdraw(String operationId, long amount, ActorRef<StatusReply<Long>> replyTo) implements Command {}

  /** Replies with the balance. */
  public record GetBalance(ActorRef<StatusReply<Long>> replyTo) implements Command {}

  /** What an account stores. */
  public sealed interface Event extends AtollSerializable permits Opened, Deposited, Withdrawn, WithdrawalRefused {}

  public record Opened(long initialBalance) implements Event {}

  public record Deposited(String operationId, long amount) implements Event {}

  public record Withdrawn(String operationId, long amount) implements Event {}

  /** A withdrawal refused for lack of funds: stored so that a copy of it gets the same answer. */
  public record WithdrawalRefused(String operationId, String reason) implements Event {}

  /** An account is either not opened yet or open; snapshots store the open state. */
  public sealed interface State extends AtollSerializable permits Unopened, OpenState {}

  /** No {@link Open} yet: the account answers every other command with {@link Rejection#UNKNOWN_ACCOUNT}. */
  public record Unopened() implements State {}

  /**
   * An open account: its balance and the last {@link #REMEMBERED_OPERATIONS} operations it
   * answered, oldest first.
   */
  public record OpenState(long balance, List<Operation> recentOperations) implements State {

    public OpenState {
      recentOperations = List.copyOf(recentOperations);
    }

    /** The answer given to {@code operationId}, if it is remembered. */
    Optional<Operation> answered(String operationId) {
      for (int i = recentOperations.size() - 1; i >= 0; i--) {
        if (recentOperations.get(i).id().equals(operationId)) {
          return Optional.of(recentOperations.get(i));
        }
      }
      return Optional.empty();
    }

    OpenState apply(String operationId, long delta) {
      return new OpenState(balance + delta, remember(new Operation(operationId, "")));
    }

    OpenState refuse(String operationId, String reason) {
      return new OpenState(balance, remember(new Operation(operationId, reason)));
    }

    private List<Operation> remember(Operation operation) {
      List<Operation> recent = new ArrayList<>(recentOperations.size() + 1);
      int drop = Math.max(0, recentOperations.size() + 1 - REMEMBERED_OPERATIONS);
      recent.addAll(recentOperations.subList(drop, recentOperations.size()));
      recent.add(operation);
      return recent;
    }
  }

  /** An operation an account answered: applied if {@code refusal} is empty, else refused with it. */
  public record Operation(String id, String refusal) implements AtollSerializable {}

  /** Why an account refused a command: the first words of the error message of its reply. */
  public enum Rejection {
    UNKNOWN_ACCOUNT("unknown account"),
    ALREADY_OPEN("already open"),
    INSUFFICIENT_FUNDS("insufficient funds"),
    INVALID_AMOUNT("invalid amount");

    private final String prefix;

    Rejection(String prefix) {
      this.prefix = prefix;
    }

    String message(String detail) {
      return prefix + ": " + detail;
    }

    /** The rejection an error message of an account's reply names, if any. */
    public static Optional<Rejection> of(String errorMessage) {
      for (Rejection rejection : values()) {
        if (errorMessage.startsWith(rejection.prefix + ":")) {
          return Optional.of(rejection);
        }
      }
      return Optional.empty();
    }
  }

  private final String accountId;
  private final RetentionCriteria retention;

  private Account(EntityContext<Command> context) {
    super(context.persistenceId(), BankEntities.RESTART_ON_PERSIST_FAILURE);
    this.accountId = context.entityId();
    this.retention = context.retentionCriteria();
  }

  /** The behavior of the account {@code context.entityId()}. */
  public static Behavior<Command> create(EntityContext<Command> context) {
    return new Account(context);
  }

  /**
   * The spec to give {@code Entities.init}. Snapshots every 100 events bound recovery: an account
   * of a busy demo holds thousands of events.
   */
  public static EntitySpec<Command> spec() {
    return EntitySpec.of(TYPE_NAME, Command.class, Account::create).withSnapshotEvery(100, 2);
  }

  @Override
  public State emptyState() {
    return new Unopened();
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return retention;
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    CommandHandlerWithReplyBuilder<Command, Event, State> builder = newCommandHandlerWithReplyBuilder();
    builder
        .forStateType(Unopened.class)
        .onCommand(Open.class, this::open)
        .onCommand(Deposit.class, (state, deposit) -> unknown(deposit.replyTo()))
        .onCommand(Withdraw.class, (state, withdraw) -> unknown(withdraw.replyTo()))
        .onCommand(GetBalance.class, (state, get) -> unknown(get.replyTo()));
    builder
        .forStateType(OpenState.class)
        .onCommand(Open.class, (state, open) -> Effect().reply(open.replyTo(),
            StatusReply.error(Rejection.ALREADY_OPEN.message("account '" + accountId + "' has balance " + state.balance()))))
        .onCommand(Deposit.class, this::deposit)
        .onCommand(Withdraw.class, this::withdraw)
        .onCommand(GetBalance.class, (state, get) -> Effect().reply(get.replyTo(), StatusReply.success(state.balance())));
    return builder.build();
  }

  private ReplyEffect<Event, State> open(Unopened state, Open open) {
    if (open.initialBalance() < 0) {
      return Effect().reply(open.replyTo(),
          StatusReply.error(Rejection.INVALID_AMOUNT.message("initial balance " + open.initialBalance() + " must be >= 0")));
    }
    return Effect().persist(new Opened(open.initialBalance())).thenReply(open.replyTo(), next -> StatusReply.success(balanceOf(next)));
  }

  private ReplyEffect<Event, State> deposit(OpenState state, Deposit deposit) {
    Optional<Operation> answered = state.answered(deposit.operationId());
    if (answered.isPresent()) {
      return Effect().reply(deposit.replyTo(), again(answered.get(), state));
    }
    if (deposit.amount() <= 0) {
      return Effect().reply(deposit.replyTo(),
          StatusReply.error(Rejection.INVALID_AMOUNT.message("deposit of " + deposit.amount() + " must be > 0")));
    }
    if (state.balance() > Long.MAX_VALUE - deposit.amount()) {
      return Effect().reply(deposit.replyTo(),
          StatusReply.error(Rejection.INVALID_AMOUNT.message("deposit of " + deposit.amount() + " would overflow balance " + state.balance())));
    }
    return Effect()
        .persist(new Deposited(deposit.operationId(), deposit.amount()))
        .thenReply(deposit.replyTo(), next -> StatusReply.success(balanceOf(next)));
  }

  private ReplyEffect<Event, State> withdraw(OpenState state, Withdraw withdraw) {
    Optional<Operation> answered = state.answered(withdraw.operationId());
    if (answered.isPresent()) {
      return Effect().reply(withdraw.replyTo(), again(answered.get(), state));
    }
    if (withdraw.amount() <= 0) {
      return Effect().reply(withdraw.replyTo(),
          StatusReply.error(Rejection.INVALID_AMOUNT.message("withdrawal of " + withdraw.amount() + " must be > 0")));
    }
    if (withdraw.amount() > state.balance()) {
      String refusal = Rejection.INSUFFICIENT_FUNDS.message(
          "account '" + accountId + "' has balance " + state.balance() + ", withdrawal of " + withdraw.amount() + " refused");
      return Effect()
          .persist(new WithdrawalRefused(withdraw.operationId(), refusal))
          .thenReply(withdraw.replyTo(), next -> StatusReply.error(refusal));
    }
    return Effect()
        .persist(new Withdrawn(withdraw.operationId(), withdraw.amount()))
        .thenReply(withdraw.replyTo(), next -> StatusReply.success(balanceOf(next)));
  }

  /** The answer to a copy of an operation: the balance now if it was applied, else its refusal. */
  private static StatusReply<Long> again(Operation operation, OpenState state) {
    return operation.refusal().isEmpty() ? StatusReply.success(state.balance()) : StatusReply.error(operation.refusal());
  }

  private ReplyEffect<Event, State> unknown(ActorRef<StatusReply<Long>> replyTo) {
    return Effect().reply(replyTo, StatusReply.error(Rejection.UNKNOWN_ACCOUNT.message("'" + accountId + "' was never opened")));
  }

  private static long balanceOf(State state) {
    return state instanceof OpenState open ? open.balance() : 0;
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    EventHandlerBuilder<State, Event> builder = newEventHandlerBuilder();
    builder.forStateType(Unopened.class).onEvent(Opened.class, (state, opened) -> new OpenState(opened.initialBalance(), List.of()));
    builder
        .forStateType(OpenState.class)
        .onEvent(Deposited.class, (state, deposited) -> state.apply(deposited.operationId(), deposited.amount()))
        .onEvent(Withdrawn.class, (state, withdrawn) -> state.apply(withdrawn.operationId(), -withdrawn.amount()))
        .onEvent(WithdrawalRefused.class, (state, refused) -> state.refuse(refused.operationId(), refused.reason()));
    return builder.build();
  }
}
