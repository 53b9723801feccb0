package dev.atoll.benchmarks.journal;

import dev.atoll.framework.AtollSerializable;
import dev.atoll.sharding.EntityContext;
import dev.atoll.sharding.EntitySpec;
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
 *
 * <p>It runs as a plain actor ({@link #create(String)}) or sharded across a cluster
 * ({@link #shardedSpec()}); commands and replies are {@link AtollSerializable} so that they can
 * cross nodes.
 */
public final class BenchmarkEntity
    extends EventSourcedBehavior<BenchmarkEntity.Command, BenchmarkEntity.Deposited, Long> {

  public sealed interface Command extends AtollSerializable permits Deposit, DepositMany, GetBalance {}

  /** Persist one event; reply {@link Persisted} carrying {@code entity} and {@code commandId} back. */
  public record Deposit(int entity, long commandId, ActorRef<Persisted> replyTo) implements Command {}

  /** Persist {@code count} events in one atomic write; reply with the new balance. */
  public record DepositMany(int count, ActorRef<Long> replyTo) implements Command {}

  public record GetBalance(ActorRef<Long> replyTo) implements Command {}

  public record Persisted(int entity, long commandId) implements AtollSerializable {}

  /** The event; the note pads it to about 100 bytes of CBOR. */
  public record Deposited(String account, long amount, String note) implements AtollSerializable {}

  static final String NOTE = "x".repeat(60);

  /** The entity type name of {@link #shardedSpec()}, and the persistence id prefix of both forms. */
  public static final String TYPE_NAME = "Account";

  private final String account;

  private BenchmarkEntity(PersistenceId persistenceId, String account) {
    super(persistenceId);
    this.account = account;
  }

  /** A plain (unsharded) entity with persistence id {@code Account|<account>}. */
  public static Behavior<Command> create(String account) {
    return new BenchmarkEntity(PersistenceId.of(TYPE_NAME, account), account);
  }

  /**
   * The sharded entity type {@value #TYPE_NAME} for {@code Entities.init}: each entity takes the
   * persistence id {@code Account|<entityId>} from its {@link EntityContext}, from which the
   * journal derives its shard. Never passivated and never snapshotted, so that a benchmark's
   * measured window holds writes only.
   */
  public static EntitySpec<Command> shardedSpec() {
    return EntitySpec.of(
            TYPE_NAME,
            Command.class,
            (EntityContext<Command> context) ->
                new BenchmarkEntity(context.persistenceId(), context.entityId()))
        .withoutPassivation()
        .withoutSnapshots();
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
                    .thenRun(s -> c.replyTo().tell(new Persisted(c.entity(), c.commandId()))))
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
