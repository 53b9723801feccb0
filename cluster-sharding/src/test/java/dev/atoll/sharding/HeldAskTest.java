package dev.atoll.sharding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atoll.framework.AtollNode;
import dev.atoll.framework.AtollSerializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Down;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link Entities#ask} across a crash, with three nodes in this JVM: one stops without leaving the
 * cluster, so the others see it unreachable, down it and remove it, as after a real crash.
 */
@ExtendWith(LogCapturingExtension.class)
class HeldAskTest {

  private static final Duration CONVERGE = Duration.ofSeconds(45);
  private static final String TYPE = "Where";

  /** Answers with the address of the node the entity runs on. */
  record WhereAreYou(ActorRef<String> replyTo) implements AtollSerializable {}

  private final List<AtollNode> nodes = new ArrayList<>();

  @AfterEach
  void stopNodes() {
    for (AtollNode node : nodes) {
      if (!node.whenTerminated().toCompletableFuture().isDone()) {
        ClusterNodes.terminate(node);
      }
    }
  }

  private AtollNode startNode(Address seed, String extra) {
    AtollNode node = ClusterNodes.start(extra);
    nodes.add(node);
    node.join(seed == null ? node.selfAddress() : seed);
    Entities.get(node.system()).init(EntitySpec.of(TYPE, WhereAreYou.class, ctx -> Behaviors.setup(context -> {
      String here = context.getSystem().address().toString();
      return Behaviors.receiveMessage(ask -> {
        ask.replyTo().tell(here);
        return Behaviors.same();
      });
    })));
    return node;
  }

  @Test
  void aCommandForACrashedNodesEntityIsHeldUntilTheNodeIsRemovedThenAnsweredByItsNewHome() throws Exception {
    // The crashed node stays unreachable for at least 3 s before it is downed, time enough for the
    // test to see it unreachable and send its command inside that window.
    Crash crash = threeNodesWithAnEntityOnTheNodeToCrash("atoll.cluster.downing.stable-after = 3s\n");
    crash.crashAndAwaitUnreachable();

    // Sent now, before the cluster removed the node, a plain ask would go to it and be lost.
    String newHome = crash.entities().<WhereAreYou, String>ask(TYPE, crash.entityId(), WhereAreYou::new, Duration.ofSeconds(20))
        .toCompletableFuture().get(60, TimeUnit.SECONDS);
    assertThat(newHome).isNotEqualTo(crash.doomed().selfAddress().toString());
    assertThat(crash.first().members().up()).doesNotContain(crash.doomed().selfAddress());
  }

  /**
   * The sharding coordinator must be able to write its state while a member is unreachable: it
   * allocates new shards meanwhile, and while a write waits it answers regions from the state it
   * has, which still sends the crashed member's shards to the crashed member. Pekko's defaults
   * write to every node of a cluster of up to 8, so one crashed node stalled every write until
   * its removal, and a command released at the removal was sent to the dead node and lost.
   * Downing is off here, so the member stays unreachable until the test downs it.
   */
  @Test
  void aShardIsAllocatedWhileAMemberIsUnreachableAndAHeldCommandSurvivesTheWait() throws Exception {
    Crash crash = threeNodesWithAnEntityOnTheNodeToCrash("atoll.cluster.downing.strategy = off\n");
    Entities entities = crash.entities();
    Address doomed = crash.doomed().selfAddress();
    // No message has reached this entity's shard yet, so its first command needs an allocation.
    String newShardEntity = entityNotHomedOn(entities, doomed, entities.shardOf(crash.entityId()));
    crash.crashAndAwaitUnreachable();
    CompletableFuture<String> held = entities
        .<WhereAreYou, String>ask(TYPE, crash.entityId(), WhereAreYou::new, Duration.ofSeconds(40))
        .toCompletableFuture();

    String allocatedMeanwhile = entities.<WhereAreYou, String>ask(TYPE, newShardEntity, WhereAreYou::new, Duration.ofSeconds(10))
        .toCompletableFuture().get(20, TimeUnit.SECONDS);
    assertThat(allocatedMeanwhile).isNotEqualTo(doomed.toString());
    assertThat(held).as("held while its home is unreachable").isNotDone();

    Cluster.get(crash.first().system()).manager().tell(Down.apply(doomed));
    assertThat(held.get(60, TimeUnit.SECONDS)).isNotEqualTo(doomed.toString());
  }

  /** Three nodes, and an entity that {@code doomed} answers for; the test asks through {@code first}. */
  private record Crash(AtollNode first, AtollNode doomed, Entities entities, TestProbe<Object> probe, String entityId) {

    /** Stops {@code doomed} without leaving the cluster, then waits until {@code first} sees it unreachable. */
    void crashAndAwaitUnreachable() throws Exception {
      doomed.system().terminate();
      doomed.whenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
      probe.awaitAssert(CONVERGE, () -> {
        assertThat(entities.whenHomeReachable(TYPE, entityId, Duration.ofMillis(50)).toCompletableFuture().get(5, TimeUnit.SECONDS))
            .as("the crashed node is seen unreachable").isFalse();
        return null;
      });
    }
  }

  private Crash threeNodesWithAnEntityOnTheNodeToCrash(String config) {
    AtollNode first = startNode(null, config);
    startNode(first.selfAddress(), config);
    // Stopping this one's ActorSystem skips coordinated shutdown: no graceful leave, like a crash.
    AtollNode doomed = startNode(first.selfAddress(), config + "pekko.coordinated-shutdown.run-by-actor-system-terminate = off");
    for (AtollNode node : nodes) {
      node.awaitUp(CONVERGE);
    }
    Entities entities = Entities.get(first.system());
    TestProbe<Object> probe = TestProbe.create(first.system());
    String entityId = probe.awaitAssert(CONVERGE, () -> {
      assertThat(entities.shardTable(TYPE).members()).hasSize(3);
      return entityHomedOn(entities, doomed.selfAddress());
    });
    awaitAnsweredOn(probe, entities, entityId, doomed);
    return new Crash(first, doomed, entities, probe, entityId);
  }

  /**
   * Waits until {@code node} answers for the entity. A shard is allocated to the next replica
   * while its primary's region has not registered with the coordinator yet, and moved to the
   * primary by a later rebalance.
   */
  private static void awaitAnsweredOn(TestProbe<Object> probe, Entities entities, String entityId, AtollNode node) {
    probe.awaitAssert(CONVERGE, () -> {
      String home = entities.<WhereAreYou, String>ask(TYPE, entityId, WhereAreYou::new, Duration.ofSeconds(5))
          .toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertThat(home).isEqualTo(node.selfAddress().toString());
      return null;
    });
  }

  private static String entityHomedOn(Entities entities, Address node) {
    for (int i = 0; ; i++) {
      String id = "entity-" + i;
      if (entities.shardTable(TYPE).primaryIfAny(entities.shardOf(id)).orElseThrow().equals(node)) {
        return id;
      }
    }
  }

  private static String entityNotHomedOn(Entities entities, Address node, int notInShard) {
    for (int i = 0; ; i++) {
      String id = "other-" + i;
      int shard = entities.shardOf(id);
      if (shard != notInShard && !entities.shardTable(TYPE).primaryIfAny(shard).orElseThrow().equals(node)) {
        return id;
      }
    }
  }
}
