package dev.atoll.framework.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.atoll.framework.AtollNode;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.DeadLetter;
import org.apache.pekko.actor.UnhandledMessage;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.UniqueAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResolverTickerTest {

  private static final UniqueAddress B = new UniqueAddress(new Address("pekko", "atoll", "127.0.0.1", 2552), 2L);
  private static final UniqueAddress C = new UniqueAddress(new Address("pekko", "atoll", "127.0.0.1", 2553), 3L);

  @TempDir Path dataDir;

  @Test
  void ticksTheResolverWhileAnyMemberIsUnreachableAndStopsOnceNoneIs() {
    ActorTestKit kit = ActorTestKit.create();
    try {
      TestProbe<Object> resolver = kit.createTestProbe();
      var ticker = kit.spawn(ResolverTicker.ticking(Duration.ofMillis(50), resolver.getRef()::tell));
      resolver.expectNoMessage(Duration.ofMillis(200)); // everyone reachable: nothing to hurry

      ticker.tell(new ResolverTicker.Reachability(B, true));
      ticker.tell(new ResolverTicker.Reachability(C, true));
      for (int i = 0; i < 3; i++) {
        assertThat(resolver.expectMessageClass(Object.class, Duration.ofSeconds(2))).isSameAs(ResolverTicker.RESOLVER_TICK);
      }
      ticker.tell(new ResolverTicker.Reachability(B, false)); // C is still unreachable
      resolver.expectMessageClass(Object.class, Duration.ofSeconds(2));

      ticker.tell(new ResolverTicker.Reachability(C, false)); // removed or reachable again
      // a tick sent before the ticker saw the change may still arrive; then the ticks stop
      int late = 0;
      while (late < 3 && tickWithin(resolver, Duration.ofMillis(250))) {
        late++;
      }
      assertThat(late).as("ticks after every member is reachable again").isLessThan(3);
    } finally {
      kit.shutdownTestKit();
    }
  }

  private static boolean tickWithin(TestProbe<Object> resolver, Duration wait) {
    try {
      resolver.expectMessageClass(Object.class, wait);
      return true;
    } catch (AssertionError quiet) {
      return false;
    }
  }

  /** Guards the two Pekko internals the ticker relies on against a Pekko upgrade, and the node's wiring. */
  @Test
  void aNodesResolverIsAtTheTickersPathAndHandlesItsTick() throws Exception {
    AtollNode node = AtollNode.start(ConfigFactory.parseString(
        "atoll.node { port = 0, data-dir = \"" + dataDir + "\" }"));
    try {
      node.join(node.selfAddress());
      node.awaitUp(Duration.ofSeconds(30));
      var classic = Adapter.toClassic(node.system());
      ActorRef resolver = classic.actorSelection(ResolverTicker.RESOLVER_PATH)
          .resolveOne(java.time.Duration.ofSeconds(5)).toCompletableFuture().get();
      // and the node runs a ticker for it (the guardian starts one unless downing is off)
      classic.actorSelection("/user/resolver-ticker").resolveOne(java.time.Duration.ofSeconds(5)).toCompletableFuture().get();
      TestProbe<Object> unhandled = TestProbe.create(node.system());
      classic.eventStream().subscribe(Adapter.toClassic(unhandled.getRef()), UnhandledMessage.class);
      classic.eventStream().subscribe(Adapter.toClassic(unhandled.getRef()), DeadLetter.class);

      resolver.tell(ResolverTicker.RESOLVER_TICK, ActorRef.noSender());

      unhandled.expectNoMessage(Duration.ofMillis(500));
    } finally {
      node.system().terminate();
      node.whenTerminated().toCompletableFuture().join();
    }
  }
}
