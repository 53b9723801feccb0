package dev.atoll.samples.workerpool;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.atoll.framework.AtollNode;
import dev.atoll.loadbalancer.LoadBalancers;
import dev.atoll.loadbalancer.RouterStats;
import dev.atoll.loadbalancer.Strategy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker-pool sample on two nodes in this JVM: jobs reach the workers of both nodes, and the
 * routing strategy changes with the configuration alone.
 */
@ExtendWith(LogCapturingExtension.class)
class WorkerPoolTest {

  private static final int JOBS = 400;
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @TempDir Path dataRoot;
  private final List<AtollNode> nodes = new ArrayList<>();

  @AfterEach
  void stop() {
    nodes.forEach(node -> node.system().terminate());
    nodes.forEach(node -> node.whenTerminated().toCompletableFuture().join());
  }

  /** Starts two nodes with two workers each, and returns the router of the first. */
  private ActorRef<Job> twoNodes(String routerOverride) throws Exception {
    for (String name : List.of("a", "b")) {
      Config config =
          ConfigFactory.parseString(
                  routerOverride + "\natoll.node { port = 0, data-dir = \"" + dataRoot.resolve(name) + "\" }\n"
                      + "atoll.management.enabled = off")
              .withFallback(WorkerPool.config());
      nodes.add(AtollNode.start(config));
    }
    nodes.forEach(node -> node.join(nodes.get(0).selfAddress()));
    nodes.forEach(node -> node.awaitUp(TIMEOUT));
    ActorRef<Job> router = WorkerPool.start(nodes.get(0).system(), 2);
    WorkerPool.start(nodes.get(1).system(), 2);
    awaitEligibleRoutees(4);
    return router;
  }

  private void awaitEligibleRoutees(int expected) {
    ActorTestKit kit = ActorTestKit.create(nodes.get(0).system());
    kit.createTestProbe().awaitAssert(TIMEOUT, () -> {
      RouterStats stats =
          LoadBalancers.get(nodes.get(0).system()).stats(WorkerPool.ROUTER).toCompletableFuture().join();
      assertThat(stats.routees()).as("routees the router sees: %s", stats)
          .filteredOn(RouterStats.RouteeStats::eligible).hasSize(expected);
      return null;
    });
  }

  /** Sends {@link #JOBS} jobs one after another and counts the answers per worker. */
  private Map<String, Integer> runJobs(ActorRef<Job> router) throws Exception {
    Map<String, Integer> perWorker = new TreeMap<>();
    for (int i = 0; i < JOBS; i++) {
      String payload = "job-" + i;
      JobResult result =
          AskPattern.<Job, JobResult>askWithStatus(
                  router, replyTo -> new Job(payload, 3, replyTo), TIMEOUT, nodes.get(0).system().scheduler())
              .toCompletableFuture()
              .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      assertThat(result.digest()).isEqualTo(Worker.digest(payload, 3));
      perWorker.merge(result.worker(), 1, Integer::sum);
    }
    return perWorker;
  }

  @Test
  void roundRobinSpreadsJobsExactlyEvenlyOverTheWorkersOfBothNodes() throws Exception {
    Map<String, Integer> perWorker = runJobs(twoNodes(""));
    assertThat(perWorker).hasSize(4);
    assertThat(perWorker.values()).containsOnly(JOBS / 4);
    String nodeB = nodes.get(1).selfAddress().hostPort();
    assertThat(perWorker.keySet()).anyMatch(worker -> worker.startsWith(nodeB));
  }

  @Test
  void switchingToRandomIsAConfigChangeOnly() throws Exception {
    // A fixed seed makes the random router's choices, and so this test, repeatable.
    ActorRef<Job> router = twoNodes("atoll.load-balancer.routers.jobs { strategy = random, seed = 8 }");
    RouterStats stats =
        LoadBalancers.get(nodes.get(0).system()).stats(WorkerPool.ROUTER).toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertThat(stats.strategy()).isEqualTo(Strategy.RANDOM);
    Map<String, Integer> perWorker = runJobs(router);
    assertThat(perWorker).hasSize(4);
    assertThat(perWorker.values()).allSatisfy(count -> assertThat(count).isBetween(50, 150));
    assertThat(perWorker.values()).as("random, not round-robin").doesNotHaveDuplicates();
  }
}
