package dev.atoll.sharding.sample;

import dev.atoll.framework.AtollSerializable;
import dev.atoll.sharding.EntityContext;
import dev.atoll.sharding.EntitySpec;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * A non-persistent sample entity that answers with the cluster address of the node it runs on:
 * the tests use it to see where an entity lives, and to check that entity types sharing an id are
 * co-located.
 */
public final class Locator {

  public static final String TYPE_NAME = "Locator";

  private Locator() {}

  /** What a locator accepts. */
  public sealed interface Command extends AtollSerializable permits Where {}

  /** Replies with {@code entityId@address-of-the-node}. */
  public record Where(ActorRef<String> replyTo) implements Command {}

  public static Behavior<Command> create(EntityContext<Command> context) {
    return Behaviors.setup(
        actor -> {
          String address = Cluster.get(actor.getSystem()).selfMember().address().toString();
          return Behaviors.receive(Command.class)
              .onMessage(
                  Where.class,
                  where -> {
                    where.replyTo().tell(address);
                    return Behaviors.same();
                  })
              .build();
        });
  }

  public static EntitySpec<Command> spec() {
    return EntitySpec.of(TYPE_NAME, Command.class, Locator::create);
  }
}
