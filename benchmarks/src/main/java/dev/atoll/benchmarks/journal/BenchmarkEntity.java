package dev.atoll.benchmarks.journal;

import dev.atoll.framework.AtollSerializable;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;

/**
 * The entity of the journal benchmarks: each {@link Deposit} persists one {@link Deposited} event
 * of about 100 bytes (Jackson CBOR) and, once the journal acknowledged it, replies to the sender.
 * {@link DepositMany} persists a batch with persistAll (used to fill the journal quickly).
 */
public final class BenchmarkEntity
    extends EventSourcedBehavior<BenchmarkEntity.Command, BenchmarkEntity.Deposited, Long> {

  public sealed interface Command permits Deposit, DepositMany, GetBalance {}

  /** Persist one event; reply {@link Persisted} carrying {@code sentNanos} back. */
  public record Deposit(int entity, long sentNanos, ActorRef<Persisted> replyTo) implements Command {}

  /** Persist {@code count} events in one atomic write; reply with the new balance. */
  public record DepositMany(int count, ActorRef<Long> replyTo) implements Command {}

  public record GetBalance(ActorRef<Long> replyTo) implements Command {}

  public record Persisted(int entity, long sentNanos) {}

  /** The event; the note pads it to about 100 bytes of CBOR. */
  public record Deposited(String account, long amount, String note) implements AtollSerializable {}

  static final String NOTE = "x".repeat(60);

  private final String account;

  private BenchmarkEntity(String account) {
    super(PersistenceId.of("Account", account));
    this.account = account;
  }

  public static Behavior<Command> create(String account) {
    return new BenchmarkEntity(account);
  }

  @Override
  public Long emptyState() {
    return 0L;
  }

  @Override
  public CommandHandler<Command, Deposited, Long> commandHandler() {
    return newCommandHandlerBuilder()
        .forAnyState()
        .onCommand(
            Deposit.class,
            (state, c) ->
                Effect()
                    .persist(new Deposited(account, 100, NOTE))
                    .thenRun(s -> c.replyTo().tell(new Persisted(c.entity(), c.sentNanos()))))
        .onCommand(
            DepositMany.class,
            (state, c) -> {
              java.util.List<Deposited> events = new java.util.ArrayList<>(c.count());
              for (int i = 0; i < c.count(); i++) {
                events.add(new Deposited(account, 1, NOTE));
              }
              return Effect().persist(events).thenRun(s -> c.replyTo().tell(s));
            })
        .onCommand(
            GetBalance.class,
            (state, c) -> {
              c.replyTo().tell(state);
              return Effect().none();
            })
        .build();
  }

  @Override
  public EventHandler<Long, Deposited> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent((state, e) -> state + e.amount());
  }
}
