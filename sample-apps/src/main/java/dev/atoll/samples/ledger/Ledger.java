package dev.atoll.samples.ledger;

import dev.atoll.framework.AtollSerializable;
import dev.atoll.sharding.EntityContext;
import dev.atoll.sharding.EntitySpec;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;

/**
 * The ledger sample entity, used by the failover demo and the crash tests: an append-only list of
 * unique values. Appending a value it already holds
 * persists nothing and answers as if it had, so a client may retry an append whose outcome it does
 * not know without creating a duplicate.
 */
public final class Ledger extends EventSourcedBehaviorWithEnforcedReplies<Ledger.Command, Ledger.Appended, Ledger.State> {

  public static final String TYPE_NAME = "Ledger";

  public sealed interface Command extends AtollSerializable permits Append, Read {}

  /** Appends {@code value} unless present; replies with every value, in order. */
  public record Append(String value, ActorRef<Values> replyTo) implements Command {}

  /** Replies with every value, in order. */
  public record Read(ActorRef<Values> replyTo) implements Command {}

  public record Appended(String value) implements AtollSerializable {}

  public record Values(List<String> values) implements AtollSerializable {}

  public record State(List<String> values) implements AtollSerializable {}

  private Ledger(EntityContext<Command> context) {
    super(context.persistenceId());
  }

  public static EntitySpec<Command> spec() {
    return EntitySpec.of(TYPE_NAME, Command.class, Ledger::new).withoutPassivation().withoutSnapshots();
  }

  @Override
  public State emptyState() {
    return new State(List.of());
  }

  @Override
  public CommandHandlerWithReply<Command, Appended, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Append.class, (state, append) -> state.values().contains(append.value())
            ? Effect().reply(append.replyTo(), new Values(state.values()))
            : Effect().persist(new Appended(append.value())).thenReply(append.replyTo(), next -> new Values(next.values())))
        .onCommand(Read.class, (state, read) -> Effect().reply(read.replyTo(), new Values(state.values())))
        .build();
  }

  @Override
  public EventHandler<State, Appended> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(Appended.class, (state, event) -> {
          List<String> values = new ArrayList<>(state.values());
          values.add(event.value());
          return new State(List.copyOf(values));
        })
        .build();
  }
}
