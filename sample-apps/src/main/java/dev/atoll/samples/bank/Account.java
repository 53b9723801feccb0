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
 * a transfer: its id and step, {@code t-17/debit}); an operation the account has already applied
 * is answered again without being applied again, so the {@link Transfer} saga may resend a step
 * whose answer it lost, as often as it needs to, and money still moves exactly once.
 *
 * <p>Rejections are {@link StatusReply#error(String) errors} whose message starts with a
 * {@link Rejection} prefix, so that a client can tell an unknown account from an overdraft.
 */
public final class Account
    extends EventSourcedBehaviorWithEnforcedReplies<Account.Command, Account.Event, Account.State> {

  public static final String TYPE_NAME = "Account";

  public static final EntityTypeKey<Command> ENTITY_TYPE_KEY = EntityTypeKey.create(Command.class, TYPE_NAME);

  /**
   * How many applied operation ids an account remembers, the most recent ones. A step is resent
   * only by its own saga and only until that saga has persisted the step's answer, and a saga has
   * one step in flight at a time; so a duplicate reaches the account within one saga's retry
   * window (a few step timeouts, or a failover: seconds). The account must remember every
   * operation it applied in that window: 1,000 is far more than one account receives in it (the
   * demo drives a few per second per account), and keeps the state and each snapshot at about
   * 30 KB. An application whose sagas can stall longer than an account takes to apply this many
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
  public sealed interface Event extends AtollSerializable permits Opened, Deposited, Withdrawn {}

  public record Opened(long initialBalance) implements Event {}

  public record Deposited(String operationId, long amount) implements Event {}

  public record Withdrawn(String operationId, long amount) implements Event {}

  /** An account is either not opened yet or open; snapshots store the open state. */
  public sealed interface State extends AtollSerializable permits Unopened, OpenState {}

  /** No {@link Open} yet: the account answers every other command with {@link Rejection#UNKNOWN_ACCOUNT}. */
  public record Unopened() implements State {}

  /**
   * An open account: its balance and the ids of the last {@link #REMEMBERED_OPERATIONS}
   * operations it applied, oldest first.
   */
  public record OpenState(long balance, List<String> recentOperations) implements State {

    public OpenState {
      recentOperations = List.copyOf(recentOperations);
    }

    boolean hasApplied(String operationId) {
      return recentOperations.contains(operationId);
    }

    OpenState apply(String operationId, long delta) {
      List<String> recent = new ArrayList<>(recentOperations.size() + 1);
      int drop = Math.max(0, recentOperations.size() + 1 - REMEMBERED_OPERATIONS);
      recent.addAll(recentOperations.subList(drop, recentOperations.size()));
      recent.add(operationId);
      return new OpenState(balance + delta, recent);
    }
  }

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
    if (state.hasApplied(deposit.operationId())) {
      return Effect().reply(deposit.replyTo(), StatusReply.success(state.balance()));
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
    if (state.hasApplied(withdraw.operationId())) {
      return Effect().reply(withdraw.replyTo(), StatusReply.success(state.balance()));
    }
    if (withdraw.amount() <= 0) {
      return Effect().reply(withdraw.replyTo(),
          StatusReply.error(Rejection.INVALID_AMOUNT.message("withdrawal of " + withdraw.amount() + " must be > 0")));
    }
    if (withdraw.amount() > state.balance()) {
      return Effect().reply(withdraw.replyTo(), StatusReply.error(Rejection.INSUFFICIENT_FUNDS.message(
          "account '" + accountId + "' has balance " + state.balance() + ", withdrawal of " + withdraw.amount() + " refused")));
    }
    return Effect()
        .persist(new Withdrawn(withdraw.operationId(), withdraw.amount()))
        .thenReply(withdraw.replyTo(), next -> StatusReply.success(balanceOf(next)));
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
        .onEvent(Withdrawn.class, (state, withdrawn) -> state.apply(withdrawn.operationId(), -withdrawn.amount()));
    return builder.build();
  }
}
