package dev.atoll.loadbalancer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atoll.loadbalancer.RouterSettings;
import dev.atoll.loadbalancer.Strategy;
import dev.atoll.loadbalancer.spi.InFlight;
import dev.atoll.loadbalancer.spi.Routee;
import dev.atoll.loadbalancer.spi.RoutingStrategy;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import org.apache.pekko.actor.DeadLetter;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.LoggingTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The hot path on its own, fed tables by hand instead of by a controller: what happens before the
 * first table, and when a strategy misbehaves.
 */
@ExtendWith(TestKitJUnit5Extension.class)
@ExtendWith(LogCapturingExtension.class)
class MessageRouterTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @JUnit5TestKit ActorTestKit testKit = ActorTestKit.create();

  @SuppressWarnings("unchecked")
  private static RoutingTable tableOf(ActorRef<?>... refs) {
    List<RouteeSlot> slots = new java.util.ArrayList<>();
    for (ActorRef<?> ref : refs) {
      Routee routee = new Routee(ref.path().toString(), ref.path().address(), new TreeSet<>());
      slots.add(new RouteeSlot(routee, (ActorRef<Object>) ref));
    }
    slots.sort(java.util.Comparator.comparing(RouteeSlot::id));
    return new RoutingTable(slots, slots, slots.stream().map(slot -> slot.routee).toList(), List.of(), 0);
  }

  private MessageRouter router(String name, RoutingStrategy strategy) {
    return new MessageRouter(RouterSettings.pool(name, Strategy.ROUND_ROBIN, 1), String.class, strategy, testKit.system());
  }

  @Test
  void holdsMessagesUntilTheFirstTableThenRoutesThemInOrder() {
    MessageRouter router = router("held", new RoundRobinStrategy());
    TestProbe<String> routee = testKit.createTestProbe();
    for (int i = 0; i < 5; i++) {
      router.route("early-" + i);
    }
    routee.expectNoMessage(Duration.ofMillis(100));
    assertThat(router.stats().unroutable()).isZero();

    router.publish(tableOf(routee.getRef()));
    router.route("late");
    assertThat(routee.receiveSeveralMessages(6, TIMEOUT))
        .containsExactly("early-0", "early-1", "early-2", "early-3", "early-4", "late");
    assertThat(router.stats().sent()).isEqualTo(6);
  }

  /** A strategy with a bug: it throws for every message. */
  static final class ThrowingStrategy implements RoutingStrategy {
    @Override
    public int select(Object message, List<Routee> routees, InFlight inFlight) {
      throw new IllegalStateException("broken strategy");
    }
  }

  @Test
  void aStrategyThatThrowsCostsTheMessageButNotTheSendersTell() {
    MessageRouter router = router("broken", new ThrowingStrategy());
    TestProbe<String> routee = testKit.createTestProbe();
    router.publish(tableOf(routee.getRef()));
    TestProbe<DeadLetter> deadLetters = deadLetterProbe();

    LoggingTestKit.warn("router broken cannot route String: strategy " + ThrowingStrategy.class.getName()
            + " threw java.lang.IllegalStateException: broken strategy")
        .expect(testKit.system(), () -> {
          router.route("lost");
          return null;
        });
    assertThat(deadLetters.receiveMessage(TIMEOUT).message()).isEqualTo("lost");
    assertThat(router.stats().unroutable()).isEqualTo(1);
    routee.expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void refusesAMessageOfAnotherClassWithTheReason() {
    MessageRouter router = router("typed", new RoundRobinStrategy());
    TestProbe<String> routee = testKit.createTestProbe();
    router.publish(tableOf(routee.getRef()));
    LoggingTestKit.warn("router typed cannot route Integer: it routes java.lang.String only")
        .expect(testKit.system(), () -> {
          router.route(42);
          return null;
        });
    assertThat(router.stats().unroutable()).isEqualTo(1);
  }

  @Test
  void countsWhatWentToARouteeThatLeftAsDeparted() {
    MessageRouter router = router("leaving", new RoundRobinStrategy());
    TestProbe<String> first = testKit.createTestProbe();
    TestProbe<String> second = testKit.createTestProbe();
    RoutingTable both = tableOf(first.getRef(), second.getRef());
    router.publish(both);
    for (int i = 0; i < 4; i++) {
      router.route("m" + i);
    }
    RouteeSlot leaving = both.eligible(1);
    RouteeSlot staying = both.eligible(0);
    router.publish(new RoutingTable(List.of(staying), List.of(staying), List.of(staying.routee), List.of(leaving), 0));
    router.route("m4");
    assertThat(router.stats().sentToDepartedRoutees()).isEqualTo(2);
    assertThat(router.stats().sent()).isEqualTo(5);
    // After the grace period the controller folds the departed count into the table.
    router.publish(new RoutingTable(List.of(staying), List.of(staying), List.of(staying.routee), List.of(), 2));
    assertThat(router.stats().sentToDepartedRoutees()).isEqualTo(2);
    assertThat(router.stats().routees()).singleElement().satisfies(row -> assertThat(row.sent()).isEqualTo(3));
  }

  /**
   * A probe of the dead letters, returned once its subscription is in effect (the event stream
   * subscribes asynchronously): it has received a marker published after subscribing.
   */
  private TestProbe<DeadLetter> deadLetterProbe() {
    TestProbe<DeadLetter> deadLetters = testKit.createTestProbe();
    testKit.system().eventStream().tell(new EventStream.Subscribe<>(DeadLetter.class, deadLetters.getRef()));
    org.apache.pekko.actor.ActorRef probe = org.apache.pekko.actor.typed.javadsl.Adapter.toClassic(deadLetters.getRef());
    DeadLetter marker = new DeadLetter("subscribed", probe, probe);
    testKit.system().eventStream().tell(new EventStream.Publish<>(marker));
    deadLetters.fishForMessage(TIMEOUT, letter -> letter == marker
        ? org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes.complete()
        : org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes.continueAndIgnore());
    return deadLetters;
  }
}
