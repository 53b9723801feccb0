package dev.atoll.loadbalancer;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.atoll.framework.AtollNode;
import dev.atoll.loadbalancer.TestMessages.Job;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three Atoll nodes (ActorSystems) in this JVM, two routees on each, one router on the first node.
 * Requests and replies cross the wire as CBOR. The third node leaves mid-run: the router stops
 * sending to it as soon as it is seen leaving, and traffic flows on to the other two.
 */
@ExtendWith(LogCapturingExtension.class)
class ClusterRoutingTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final int ROUTEES_PER_NODE = 2;

  @TempDir Path dataRoot;
  private final List<AtollNode> nodes = new ArrayList<>();
  private ActorTestKit kit;

  @AfterEach
  void stopNodes() {
    if (kit != null) {
      kit.shutdownTestKit();
    }
    // One at a time, newest first: each leaves a cluster that can still acknowledge it at once,
    // where stopping all together makes each wait for the others' gossip (about 10 s).
    for (int i = nodes.size() - 1; i >= 0; i--) {
      nodes.get(i).system().terminate();
      nodes.get(i).whenTerminated().toCompletableFuture().join();
    }
  }

  private AtollNode startNode(String name, String... roles) {
    AtollNode node = AtollNode.start(ConfigFactory.parseString("""
        atoll.node { port = 0, data-dir = "%s", roles = [%s] }
        atoll.load-balancer.routers.work { strategy = round-robin, service = "work", reply-timeout = 3s }
        """.formatted(dataRoot.resolve(name).toString().replace("\\", "/"), String.join(", ", roles))));
    nodes.add(node);
    for (int i = 0; i < ROUTEES_PER_NODE; i++) {
      String routeeName = name + "-" + i;
      ActorRef<Job> routee = node.system().systemActorOf(TestMessages.replier(routeeName), routeeName, Props.empty());
      LoadBalancers.get(node.system()).registerRoutee("work", Job.class, routee);
    }
    return node;
  }

  /** Sends {@code count} jobs and returns the replies per routee name, errors under "error". */
  private Map<String, Integer> send(ActorRef<Job> router, int count) {
    TestProbe<StatusReply<String>> replies = kit.createTestProbe();
    for (int i = 0; i < count; i++) {
      router.tell(new Job("job-" + i, replies.getRef()));
    }
    Map<String, Integer> byRoutee = new TreeMap<>();
    for (StatusReply<String> reply : replies.receiveSeveralMessages(count, Duration.ofSeconds(10))) {
      byRoutee.merge(reply.isSuccess() ? reply.getValue() : "error", 1, Integer::sum);
    }
    return byRoutee;
  }

  private RouterStats stats(AtollNode node) {
    return LoadBalancers.get(node.system()).stats("work").toCompletableFuture().join();
  }

  private void formCluster() {
    Address seed = nodes.get(0).selfAddress();
    nodes.forEach(node -> node.join(seed));
    nodes.forEach(node -> node.awaitUp(TIMEOUT));
    kit = ActorTestKit.create(nodes.get(0).system());
  }

  private void awaitEligible(AtollNode node, String router, int count) {
    kit.createTestProbe().awaitAssert(TIMEOUT, () -> {
      RouterStats stats = LoadBalancers.get(node.system()).stats(router).toCompletableFuture().join();
      assertThat(stats.routees()).filteredOn(RouterStats.RouteeStats::eligible).hasSize(count);
      return null;
    });
  }

  @Test
  void weightedRouterWeighsRouteesByTheirMembersRoleAndAddress() {
    AtollNode first = startNode("a");
    AtollNode second = startNode("b", "big");
    formCluster();
    String firstHostPort = first.selfAddress().getHost().orElseThrow() + ":" + first.selfAddress().getPort().orElseThrow();
    WeightSettings weights = WeightSettings.uniform().withRoleWeight("big", 3).withAddressWeight(firstHostPort, 2);
    ActorRef<Job> router = LoadBalancers.get(first.system()).start(
        RouterSettings.group("weighted", Strategy.WEIGHTED, "work").withWeights(weights), Job.class, null);
    awaitEligible(first, "weighted", 4);
    // Roles arrive with the members' Up events; wait until the router weighs the big node's routees.
    kit.createTestProbe().awaitAssert(TIMEOUT, () -> {
      assertThat(send(router, 10)).containsEntry("b-0", 3);
      return null;
    });

    // Per round of 10: each routee on "a" weighs 2 (by address), each on "b" 3 (by role).
    assertThat(send(router, 100)).isEqualTo(Map.of("a-0", 20, "a-1", 20, "b-0", 30, "b-1", 30));
  }

  @Test
  void trafficFlowsToTheOtherNodesWhenOneLeavesMidRun() {
    AtollNode first = startNode("a");
    AtollNode second = startNode("b");
    AtollNode third = startNode("c");
    formCluster();

    ActorRef<Job> router = LoadBalancers.get(first.system()).router("work", Job.class);
    awaitEligible(first, "work", 6);

    // Round-robin is exactly even across the cluster too.
    assertThat(send(router, 60))
        .isEqualTo(Map.of("a-0", 10, "a-1", 10, "b-0", 10, "b-1", 10, "c-0", 10, "c-1", 10));

    // The router's ActorRef works from another node too: there it is a remote ref to the router,
    // which routes what arrives on the receiving thread; the replies cross back to the sender.
    ActorRef<Job> fromSecond = org.apache.pekko.actor.typed.ActorRefResolver.get(second.system()).resolveActorRef(
        org.apache.pekko.actor.typed.ActorRefResolver.get(first.system()).toSerializationFormat(router));
    TestProbe<StatusReply<String>> remoteReplies = TestProbe.create(second.system());
    for (int i = 0; i < 12; i++) {
      fromSecond.tell(new Job("remote-" + i, remoteReplies.getRef()));
    }
    Map<String, Integer> remoteByRoutee = new TreeMap<>();
    for (StatusReply<String> reply : remoteReplies.receiveSeveralMessages(12, Duration.ofSeconds(10))) {
      assertThat(reply.isSuccess()).as("reply %s", reply).isTrue();
      remoteByRoutee.merge(reply.getValue(), 1, Integer::sum);
    }
    assertThat(remoteByRoutee).isEqualTo(Map.of("a-0", 2, "a-1", 2, "b-0", 2, "b-1", 2, "c-0", 2, "c-1", 2));

    // The third node leaves while requests keep flowing.
    Address leaver = third.selfAddress();
    var left = third.leave();
    int duringLeave = 0;
    int errorsDuringLeave = 0;
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (first.members().member(leaver).isPresent() || !left.toCompletableFuture().isDone()) {
      Map<String, Integer> batch = send(router, 12);
      duringLeave += 12;
      errorsDuringLeave += batch.getOrDefault("error", 0);
      assertThat(System.nanoTime()).as("the third node is still a member after %s", TIMEOUT).isLessThan(deadline);
    }
    assertThat(duringLeave).as("requests sent while the node left").isPositive();
    org.slf4j.LoggerFactory.getLogger(ClusterRoutingTest.class)
        .info("while {} left: {} requests, {} answered with an error", leaver, duringLeave, errorsDuringLeave);
    assertThat(errorsDuringLeave)
        .as("requests lost while the node left (each answered with an error, none silent)")
        .isLessThanOrEqualTo(12);

    // Once it is gone, every request is served by the four routees left, evenly.
    assertThat(send(router, 80)).isEqualTo(Map.of("a-0", 20, "a-1", 20, "b-0", 20, "b-1", 20));
    RouterStats stats = stats(first);
    assertThat(stats.routees()).extracting(RouterStats.RouteeStats::routeeId)
        .allSatisfy(id -> assertThat(id).doesNotContain(":" + leaver.getPort().orElseThrow() + "/"));
    assertThat(stats.sent()).isEqualTo(60 + 12 + duringLeave + 80);
  }
}
