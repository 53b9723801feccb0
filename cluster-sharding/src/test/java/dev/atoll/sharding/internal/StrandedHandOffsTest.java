package dev.atoll.sharding.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.DeadLetter;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.MemberStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A hand-off order that Pekko's rebalance worker sent to a region that is gone comes back to the
 * worker as "stopped", from this node's dead letters; one to a region of a live member does not.
 * Two cluster nodes in this JVM; the worker is a probe, the dead letters are published as Pekko
 * publishes an undeliverable message's.
 */
class StrandedHandOffsTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final String INTERNAL = "org.apache.pekko.cluster.sharding.ShardCoordinator$Internal$";

  private static final Config CLUSTER = ConfigFactory.parseString("""
      pekko.actor.provider = cluster
      pekko.remote.artery.canonical { hostname = "127.0.0.1", port = 0 }
      pekko.cluster.jmx.enabled = off
      pekko.loglevel = WARNING
      """);

  private static ActorTestKit first;
  private static ActorTestKit second;

  @BeforeAll
  static void formCluster() {
    first = ActorTestKit.create("StrandedHandOffsTest", CLUSTER);
    second = ActorTestKit.create("StrandedHandOffsTest", CLUSTER);
    Cluster firstCluster = Cluster.get(Adapter.toClassic(first.system()));
    firstCluster.join(firstCluster.selfAddress());
    Cluster.get(Adapter.toClassic(second.system())).join(firstCluster.selfAddress());
    first.createTestProbe().awaitAssert(Duration.ofSeconds(30), () -> {
      assertThat(firstCluster.state().getMembers())
          .filteredOn(member -> member.status() == MemberStatus.up())
          .hasSize(2);
      return null;
    });
    StrandedHandOffs.start(first.system());
  }

  @AfterAll
  static void stop() {
    second.shutdownTestKit();
    first.shutdownTestKit();
  }

  @Test
  void anOrderToARegionOnANodeThatLeftTheMembershipIsAnsweredStopped() throws Exception {
    TestProbe<Object> worker = first.createTestProbe();
    publishDeadHandOff("7", worker, remoteRef("127.0.0.1", 9));
    Object answer = worker.receiveMessage(TIMEOUT);
    assertThat(answer.getClass().getName()).isEqualTo(INTERNAL + "ShardStopped");
    assertThat(answer.toString()).isEqualTo("ShardStopped(7)");
  }

  @Test
  void anOrderToARegionOfThisNodeThatIsNotAliveIsAnsweredStopped() throws Exception {
    TestProbe<Object> worker = first.createTestProbe();
    org.apache.pekko.actor.typed.ActorRef<Object> region =
        first.spawn(Behaviors.receive(Object.class).onAnyMessage(message -> Behaviors.stopped()).build());
    region.tell("stop");
    worker.expectTerminated(region, TIMEOUT);
    publishDeadHandOff("12", worker, Adapter.toClassic(region));
    assertThat(worker.receiveMessage(TIMEOUT).toString()).isEqualTo("ShardStopped(12)");
  }

  @Test
  void anOrderToARegionOfAMemberIsLeftToPekkoAndOtherDeadLettersAreIgnored() throws Exception {
    TestProbe<Object> worker = first.createTestProbe();
    org.apache.pekko.actor.Address member = Cluster.get(Adapter.toClassic(second.system())).selfAddress();
    publishDeadHandOff("3", worker, remoteRef(member.host().get(), (Integer) member.port().get()));
    first.system().eventStream().tell(new org.apache.pekko.actor.typed.eventstream.EventStream.Publish<>(
        new DeadLetter("not a hand-off", Adapter.toClassic(worker.ref()), remoteRef("127.0.0.1", 9))));
    // Then an order that is answered: the watcher handles dead letters in order, so once this one
    // is answered the two before it were seen and left unanswered.
    publishDeadHandOff("4", worker, remoteRef("127.0.0.1", 9));
    assertThat(worker.receiveMessage(TIMEOUT).toString()).isEqualTo("ShardStopped(4)");
    worker.expectNoMessage(Duration.ofMillis(200));
  }

  private static ActorRef remoteRef(String host, int port) {
    ExtendedActorSystem classic = (ExtendedActorSystem) Adapter.toClassic(first.system());
    return classic.provider().resolveActorRef(
        "pekko://StrandedHandOffsTest@" + host + ":" + port + "/system/sharding/Ledger#1");
  }

  private static void publishDeadHandOff(String shard, TestProbe<Object> worker, ActorRef region) throws Exception {
    Object handOff = Class.forName(INTERNAL + "HandOff").getConstructor(String.class).newInstance(shard);
    first.system().eventStream().tell(new org.apache.pekko.actor.typed.eventstream.EventStream.Publish<>(
        new DeadLetter(handOff, Adapter.toClassic(worker.ref()), region)));
  }
}
