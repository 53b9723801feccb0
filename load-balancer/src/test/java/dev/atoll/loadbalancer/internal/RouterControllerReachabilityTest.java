package dev.atoll.loadbalancer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atoll.loadbalancer.LoadBalancers;
import dev.atoll.loadbalancer.RoutedRequest;
import dev.atoll.loadbalancer.RouterSettings;
import dev.atoll.loadbalancer.RouterStats;
import dev.atoll.loadbalancer.Strategy;
import java.time.Duration;
import java.util.Set;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The router drops routees whose member becomes unreachable and takes them back when it is
 * reachable again. The cluster events are sent to the router's {@code ActorRef}, which hands them
 * to its controller (in a real cluster they come from Pekko's cluster subscriptions), so the test
 * needs no failure detector and takes milliseconds. Routing happens on the sender's thread, not in
 * the controller, so the test waits until the controller has applied an event before routing.
 */
@ExtendWith(TestKitJUnit5Extension.class)
@ExtendWith(LogCapturingExtension.class)
class RouterControllerReachabilityTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  record Ask(ActorRef<StatusReply<String>> replyTo) implements RoutedRequest<String> {
    @Override
    public Ask withReplyTo(ActorRef<StatusReply<String>> newReplyTo) {
      return new Ask(newReplyTo);
    }
  }

  @JUnit5TestKit ActorTestKit testKit = ActorTestKit.create();

  private void awaitEligible(LoadBalancers balancers, boolean eligible) {
    testKit.createTestProbe().awaitAssert(TIMEOUT, () -> {
      RouterStats stats = balancers.stats("reach").toCompletableFuture().join();
      assertThat(stats.routees()).singleElement().satisfies(routee -> assertThat(routee.eligible()).isEqualTo(eligible));
      return null;
    });
  }

  @Test
  void skipsRouteesOfAnUnreachableMemberAndSaysSoWhenNoneIsLeft() {
    LoadBalancers balancers = LoadBalancers.get(testKit.system());
    ActorRef<Ask> router = balancers.start(RouterSettings.group("reach", Strategy.RANDOM, "reach"), Ask.class, null);
    balancers.registerRoutee("reach", Ask.class, testKit.spawn(Behaviors.receiveMessage((Ask ask) -> {
      ask.replyTo().tell(StatusReply.success("served"));
      return Behaviors.same();
    })));
    awaitEligible(balancers, true);
    TestProbe<StatusReply<String>> replies = testKit.createTestProbe();
    router.tell(new Ask(replies.getRef()));
    assertThat(replies.receiveMessage(TIMEOUT)).isEqualTo(StatusReply.success("served"));

    // Every routee here is local, so its member is this system's own address.
    Address self = testKit.system().address();
    @SuppressWarnings("unchecked")
    ActorRef<Object> control = (ActorRef<Object>) (ActorRef<?>) router;
    control.tell(new RouterController.ClusterChanged(
        new ClusterEvent.UnreachableMember(Members.member(self, MemberStatus.up(), Set.of()))));
    awaitEligible(balancers, false);
    router.tell(new Ask(replies.getRef()));
    StatusReply<String> refused = replies.receiveMessage(TIMEOUT);
    assertThat(refused.getError().getMessage())
        .isEqualTo("router reach cannot route Ask: none of its 1 routees is eligible (their members are unreachable, "
            + "leaving or down)");
    assertThat(balancers.stats("reach").toCompletableFuture().join().unroutable()).isEqualTo(1);

    control.tell(new RouterController.ClusterChanged(
        new ClusterEvent.ReachableMember(Members.member(self, MemberStatus.up(), Set.of()))));
    awaitEligible(balancers, true);
    router.tell(new Ask(replies.getRef()));
    assertThat(replies.receiveMessage(TIMEOUT)).isEqualTo(StatusReply.success("served"));
  }
}
