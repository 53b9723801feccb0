package dev.atoll.sharding.sample;

import dev.atoll.framework.AtollSerializable;
import dev.atoll.sharding.EntityContext;
import dev.atoll.sharding.EntitySpec;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * A bank account, the sample entity of the tests: a plain Pekko {@code EventSourcedBehavior}
 * started through {@code Entities}. Deposits and withdrawals are persisted as events; a withdrawal
 * that would overdraw is rejected and persists nothing.
 */
public final class Account
    extends EventSourcedBehaviorWithEnforcedReplies<Account.Command, Account.Event, Account.State> {

  public static final String TYPE_NAME = "Account";

  public static final EntityTypeKey<Command> ENTITY_TYPE_KEY =
      EntityTypeKey.create(Command.class, TYPE_NAME);

  /** What an account accepts. */
  public sealed interface Command extends AtollSerializable permits Deposit, Withdraw, GetBalance {}

  /** Adds {@code amount} (> 0); replies with the new balance. */
  public record Deposit(long amount, ActorRef<StatusReply<Long>> replyTo) implements Command {}

  /** Takes {@code amount} (> 0) if the balance covers it; replies with the new balance. */
  public record Withdraw(long amount, ActorRef<StatusReply<Long>> replyTo) implements Command {}

  /** Replies with the balance. */
  public record GetBalance(ActorRef<StatusReply<Long>> replyTo) implements Command {}

  /** What an account stores. */
  public sealed interface Event extends AtollSerializable permits Deposited, Withdrawn {}

  public record Deposited(long amount) implements Event {}

  public record Withdrawn(long amount) implements Event {}

  /** The balance; snapshots store it. */
  public record State(long balance) implements AtollSerializable {}

  private final RetentionCriteria retention;

  private Account(EntityContext<Command> context) {
    super(context.persistenceId());
    this.retention = context.retentionCriteria();
  }

  /** The behavior of the account {@code context.entityId()}. */
  public static Behavior<Command> create(EntityContext<Command> context) {
    return new Account(context);
  }

  /** The spec to give {@code Entities.init}. */
  public static EntitySpec<Command> spec() {
    return EntitySpec.of(TYPE_NAME, Command.class, Account::create);
  }

  @Override
  public State emptyState() {
    return new State(0);
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return retention;
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forStateType(State.class)
        .onCommand(Deposit.class, this::onDeposit)
        .onCommand(Withdraw.class, this::onWithdraw)
        .onCommand(GetBalance.class, (state, get) -> Effect().reply(get.replyTo(), StatusReply.success(state.balance())))
        .build();
  }

  private ReplyEffect<Event, State> onDeposit(State state, Deposit deposit) {
    if (deposit.amount() <= 0) {
      return Effect().reply(deposit.replyTo(), StatusReply.error("deposit of " + deposit.amount() + ": must be > 0"));
    }
    return Effect()
        .persist(new Deposited(deposit.amount()))
        .thenReply(deposit.replyTo(), next -> StatusReply.success(next.balance()));
  }

  private ReplyEffect<Event, State> onWithdraw(State state, Withdraw withdraw) {
    if (withdraw.amount() <= 0) {
      return Effect().reply(withdraw.replyTo(), StatusReply.error("withdrawal of " + withdraw.amount() + ": must be > 0"));
    }
    if (withdraw.amount() > state.balance()) {
      return Effect()
          .reply(
              withdraw.replyTo(),
              StatusReply.error("insufficient funds: balance " + state.balance() + ", withdrawal " + withdraw.amount()));
    }
    return Effect()
        .persist(new Withdrawn(withdraw.amount()))
        .thenReply(withdraw.replyTo(), next -> StatusReply.success(next.balance()));
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forStateType(State.class)
        .onEvent(Deposited.class, (state, e) -> new State(state.balance() + e.amount()))
        .onEvent(Withdrawn.class, (state, e) -> new State(state.balance() - e.amount()))
        .build();
  }
}
