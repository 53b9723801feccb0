package dev.atoll.benchmarks.failover;

import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;

/**
 * The failover baseline's entity, written as Pekko's persistence documentation shows: an
 * append-only list of unique values (appending a value it holds is a no-op, so a client may retry an
 * append whose outcome it does not know), the same behaviour as Atoll's ledger sample. Each reply
 * names the node the entity runs on, so that the benchmark knows which ledgers a kill affects.
 */
public final class PekkoLedger extends EventSourcedBehavior<PekkoLedger.Command, PekkoLedger.Appended, PekkoLedger.State> {

  /** Marker bound to Jackson CBOR in the node's configuration, as Pekko's serialization docs show. */
  public interface CborSerializable {}

  public sealed interface Command extends CborSerializable permits Append, Read {}

  public record Append(String value, ActorRef<Values> replyTo) implements Command {}

  public record Read(ActorRef<Values> replyTo) implements Command {}

  /** The ledger's values and the node ({@code host:port}) that answered for it. */
  public record Values(List<String> values, String node) implements CborSerializable {}

  public record Appended(String value) implements CborSerializable {}

  public record State(List<String> values) implements CborSerializable {}

  public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "Ledger");

  private final String node;

  private PekkoLedger(PersistenceId persistenceId, String node) {
    super(persistenceId);
    this.node = node;
  }

  /** The entity {@code entityId}, on the node whose cluster address is {@code node}. */
  public static Behavior<Command> create(String entityId, String node) {
    return new PekkoLedger(PersistenceId.of(TYPE_KEY.name(), entityId), node);
  }

  @Override
  public State emptyState() {
    return new State(List.of());
  }

  @Override
  public CommandHandler<Command, Appended, State> commandHandler() {
    return newCommandHandlerBuilder()
        .forAnyState()
        .onCommand(Append.class, (state, append) -> state.values().contains(append.value())
            ? Effect().reply(append.replyTo(), new Values(state.values(), node))
            : Effect().persist(new Appended(append.value()))
                .thenReply(append.replyTo(), updated -> new Values(updated.values(), node)))
        .onCommand(Read.class, (state, read) -> Effect().reply(read.replyTo(), new Values(state.values(), node)))
        .build();
  }

  @Override
  public EventHandler<State, Appended> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(Appended.class, (state, appended) -> {
          List<String> values = new ArrayList<>(state.values());
          values.add(appended.value());
          return new State(List.copyOf(values));
        })
        .build();
  }
}
