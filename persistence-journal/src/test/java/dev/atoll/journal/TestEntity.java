package dev.atoll.journal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;

/**
 * A minimal event-sourced entity for journal tests: it appends text events (tagged "all" and
 * "tag-" + the event's first letter), acknowledges each after its persist, and reports its state.
 */
public final class TestEntity extends EventSourcedBehavior<TestEntity.Command, String, List<String>> {

  public sealed interface Command permits Append, Get {}

  /** Persist {@code event}, then reply "ok:" + event. */
  public record Append(String event, ActorRef<String> replyTo) implements Command {}

  public record Get(ActorRef<List<String>> replyTo) implements Command {}

  public static Behavior<Command> create(String persistenceId) {
    return new TestEntity(PersistenceId.ofUniqueId(persistenceId));
  }

  private TestEntity(PersistenceId persistenceId) {
    super(persistenceId);
  }

  @Override
  public List<String> emptyState() {
    return List.of();
  }

  @Override
  public CommandHandler<Command, String, List<String>> commandHandler() {
    return newCommandHandlerBuilder()
        .forAnyState()
        .onCommand(
            Append.class,
            (state, command) ->
                Effect()
                    .persist(command.event())
                    .thenRun(newState -> command.replyTo().tell("ok:" + command.event())))
        .onCommand(
            Get.class,
            (state, command) -> {
              command.replyTo().tell(state);
              return Effect().none();
            })
        .build();
  }

  @Override
  public EventHandler<List<String>, String> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onAnyEvent(
            (state, event) -> {
              List<String> next = new ArrayList<>(state);
              next.add(event);
              return next;
            });
  }

  @Override
  public Set<String> tagsFor(String event) {
    return Set.of("all", "tag-" + event.charAt(0));
  }
}
