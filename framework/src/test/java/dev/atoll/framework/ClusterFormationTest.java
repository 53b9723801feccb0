package dev.atoll.framework;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Three Atoll nodes (ActorSystems) in this JVM on 127.0.0.1 form one cluster. */
@ExtendWith(LogCapturingExtension.class)
class ClusterFormationTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @TempDir Path dataRoot;
  private final List<AtollNode> nodes = new ArrayList<>();
  private final List<ActorTestKit> testKits = new ArrayList<>();

  @AfterEach
  void stopNodes() {
    testKits.forEach(kit -> kit.shutdownTestKit());
    for (AtollNode node : nodes) {
      node.system().terminate();
    }
    for (AtollNode node : nodes) {
      node.whenTerminated().toCompletableFuture().join();
    }
  }

  private AtollNode startNode(String name) {
    AtollNode node =
        AtollNode.start(
            ConfigFactory.parseString(
                "atoll.node { port = 0, data-dir = \"" + dataRoot.resolve(name) + "\" }"));
    nodes.add(node);
    return node;
  }

  @Test
  void threeNodesFormAClusterAndEveryViewSeesThreeMembersUp() {
    AtollNode first = startNode("a");
    AtollNode second = startNode("b");
    AtollNode third = startNode("c");
    Address seed = first.selfAddress();
    first.join(seed);
    second.join(seed);
    third.join(seed);
    for (AtollNode node : nodes) {
      node.awaitUp(TIMEOUT);
    }

    ActorTestKit kit = ActorTestKit.create(first.system());
    testKits.add(kit);
    TestProbe<MemberSet> probe = kit.createTestProbe();
    probe.awaitAssert(
        TIMEOUT,
        () -> {
          for (AtollNode node : nodes) {
            assertThat(node.members().up())
                .as("members Up as seen by %s", node.selfAddress())
                .containsExactlyInAnyOrder(first.selfAddress(), second.selfAddress(), third.selfAddress());
            assertThat(node.members().unreachable()).isEmpty();
          }
          return null;
        });

    // The actor view answers with the same member set as the handle.
    first.clusterView().tell(new ClusterView.GetMembers(probe.getRef()));
    assertThat(probe.receiveMessage().up()).hasSize(3);
  }

  @Test
  void subscribersGetTheCurrentMembersThenEveryChangeUntilAMemberIsRemoved() {
    AtollNode first = startNode("a");
    AtollNode second = startNode("b");
    first.join(first.selfAddress());
    first.awaitUp(TIMEOUT);

    ActorTestKit kit = ActorTestKit.create(first.system());
    testKits.add(kit);
    TestProbe<ClusterView.MembershipEvent> events = kit.createTestProbe();
    first.clusterView().tell(new ClusterView.Subscribe(events.getRef()));
    ClusterView.MembershipEvent current = events.expectMessageClass(ClusterView.CurrentMembers.class);
    assertThat(current.members().up()).containsExactly(first.selfAddress());

    second.join(first.selfAddress());
    ClusterView.MemberUp up = events.expectMessageClass(ClusterView.MemberUp.class, TIMEOUT);
    assertThat(up.member()).isEqualTo(second.selfAddress());
    assertThat(up.members().up()).containsExactlyInAnyOrder(first.selfAddress(), second.selfAddress());

    Address leaver = second.selfAddress();
    second.leave().toCompletableFuture().join();
    ClusterView.MemberLeaving leaving = events.expectMessageClass(ClusterView.MemberLeaving.class, TIMEOUT);
    assertThat(leaving.member()).isEqualTo(leaver);
    ClusterView.MemberRemoved removed = events.expectMessageClass(ClusterView.MemberRemoved.class, TIMEOUT);
    assertThat(removed.member()).isEqualTo(leaver);
    assertThat(removed.members().up()).containsExactly(first.selfAddress());
  }

  /**
   * Pekko's sharding coordinator and singletons wait the downing provider's removal margin after a
   * crashed member is removed. With the margin "off", Pekko's split brain resolver substitutes its
   * stable-after, so the setting alone does not show what a node does: ask the running node.
   */
  @Test
  void aRunningNodeLeavesNoRemovalMarginAfterACrashedMemberIsRemoved() {
    AtollNode node = startNode("a");
    org.apache.pekko.cluster.Cluster cluster = org.apache.pekko.cluster.Cluster.get(Adapter.toClassic(node.system()));
    assertThat(cluster.downingProvider().getClass().getName()).endsWith("SplitBrainResolverProvider");
    assertThat(cluster.downingProvider().downRemovalMargin().toMillis()).isLessThanOrEqualTo(1);
  }
}
