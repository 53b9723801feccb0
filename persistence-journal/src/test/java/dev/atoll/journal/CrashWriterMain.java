package dev.atoll.journal;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The victim JVM of {@link CrashSafetyTest}: starts a node on the journal directory given as the
 * only argument and has several entities persist events "e1", "e2", ... as fast as they are
 * acknowledged, printing {@code ACK <persistenceId> <sequenceNr>} for each acknowledged event. It
 * never stops by itself; the test kills it with SIGKILL.
 */
public final class CrashWriterMain {

  static final int ENTITIES = 8;

  private CrashWriterMain() {}

  public static void main(String[] args) {
    Path directory = Path.of(args[0]);
    ActorSystem<Void> system =
        ActorSystem.create(
            Behaviors.setup(
                context -> {
                  for (int i = 0; i < ENTITIES; i++) {
                    String pid = "Crash|" + i;
                    ActorRef<TestEntity.Command> entity =
                        context.spawn(TestEntity.create(pid), "entity-" + i);
                    context.spawn(driver(pid, entity, 1), "driver-" + i);
                  }
                  return Behaviors.empty();
                }),
            "crash-writer",
            TestConfigs.journalIn(directory).withFallback(ConfigFactory.load()));
    system.getWhenTerminated();
  }

  /** Sends event {@code next}, prints its acknowledgement, then sends the one after it. */
  private static Behavior<String> driver(String pid, ActorRef<TestEntity.Command> entity, long next) {
    return Behaviors.setup(
        context -> {
          entity.tell(new TestEntity.Append("e" + next, context.getSelf()));
          return Behaviors.receiveMessage(
              ack -> {
                System.out.println("ACK " + pid + " " + next);
                System.out.flush();
                return driver(pid, entity, next + 1);
              });
        });
  }
}
