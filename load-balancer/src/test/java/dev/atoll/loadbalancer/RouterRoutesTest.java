package dev.atoll.loadbalancer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import dev.atoll.framework.AtollNode;
import dev.atoll.loadbalancer.TestMessages.Job;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The routers' view of the management endpoint, over real HTTP on a real node: a router with two
 * routees that served ten requests, a router with no routee that refused one, and a router declared
 * but never started.
 */
@ExtendWith(LogCapturingExtension.class)
class RouterRoutesTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  private static AtollNode node;
  private static URI base;

  @BeforeAll
  static void start() throws Exception {
    Files.createDirectories(Path.of("target"));
    Path dataDir = Files.createTempDirectory(Path.of("target"), "router-routes-");
    node = AtollNode.start(ConfigFactory.parseString("""
        atoll.node { port = 0, data-dir = "%s" }
        atoll.management.enabled = on
        atoll.load-balancer.routers {
          jobs   { strategy = round-robin, service = "jobs" }
          empty  { strategy = random, service = "nobody-here" }
          unused { strategy = least-outstanding, service = "jobs" }
        }
        """.formatted(dataDir.toAbsolutePath().toString().replace("\\", "/"))));
    node.join(node.selfAddress());
    node.awaitUp(TIMEOUT);
    base = node.managementUri().orElseThrow();

    LoadBalancers balancers = LoadBalancers.get(node.system());
    ActorRef<Job> jobs = balancers.router("jobs", Job.class);
    for (int i = 0; i < 2; i++) {
      balancers.registerRoutee("jobs", Job.class,
          node.system().systemActorOf(TestMessages.replier("worker-" + i), "worker-" + i, Props.empty()));
    }
    TestProbe<StatusReply<String>> replies = TestProbe.create(node.system());
    replies.awaitAssert(TIMEOUT, () -> {
      assertThat(balancers.stats("jobs").toCompletableFuture().join().routees()).hasSize(2);
      return null;
    });
    for (int i = 0; i < 10; i++) {
      jobs.tell(new Job("job-" + i, replies.getRef()));
    }
    replies.receiveSeveralMessages(10, TIMEOUT);
    balancers.router("empty", Job.class).tell(new Job("refused", replies.getRef()));
    assertThat(replies.receiveMessage(TIMEOUT).isError()).isTrue();
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.system().terminate();
      node.whenTerminated().toCompletableFuture().join();
    }
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode routerNamed(JsonNode body, String name) {
    for (JsonNode router : body.path("routers")) {
      if (router.path("name").asText().equals(name)) {
        return router;
      }
    }
    throw new AssertionError("no router " + name + " in " + body);
  }

  @Test
  void listsEveryStartedRouterWithItsCountersPerRoutee() throws Exception {
    HttpResponse<String> response = get("/atoll/routers");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).contains("json"));
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.path("node").asText()).isEqualTo(node.selfAddress().toString());

    JsonNode jobs = routerNamed(body, "jobs");
    assertThat(jobs.path("strategy").asText()).isEqualTo("round-robin");
    assertThat(jobs.path("strategyClass").asText()).isEqualTo("dev.atoll.loadbalancer.internal.RoundRobinStrategy");
    assertThat(jobs.path("sent").asLong()).isEqualTo(10);
    assertThat(jobs.path("inFlight").asInt()).isZero();
    assertThat(jobs.path("unroutable").asLong()).isZero();
    List<String> ids = new ArrayList<>();
    jobs.path("routees").forEach(routee -> {
      ids.add(routee.path("id").asText());
      assertThat(routee.path("eligible").asBoolean()).isTrue();
      assertThat(routee.path("sent").asLong()).isEqualTo(5);
      assertThat(routee.path("inFlight").asInt()).isZero();
    });
    assertThat(ids).hasSize(2).allSatisfy(id -> assertThat(id).startsWith(node.selfAddress() + "/system/worker-"));

    JsonNode empty = routerNamed(body, "empty");
    assertThat(empty.path("routees")).isEmpty();
    assertThat(empty.path("unroutable").asLong()).as("the refused request").isEqualTo(1);

    assertThat(body.path("declaredNotStarted")).extracting(JsonNode::asText).containsExactly("unused");
  }

  @Test
  void showsOneRouterByName() throws Exception {
    HttpResponse<String> response = get("/atoll/routers/jobs");
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode jobs = JSON.readTree(response.body());
    assertThat(jobs.path("name").asText()).isEqualTo("jobs");
    assertThat(jobs.path("sent").asLong()).isEqualTo(10);
    assertThat(jobs.path("routees")).hasSize(2);
  }

  @Test
  void answersAnUnknownRouterWith404AndAJsonError() throws Exception {
    HttpResponse<String> unknown = get("/atoll/routers/nope");
    assertThat(unknown.statusCode()).isEqualTo(404);
    JsonNode error = JSON.readTree(unknown.body());
    assertThat(error.path("error").asText()).isEqualTo("no router \"nope\" on this node");
    assertThat(error.path("started")).extracting(JsonNode::asText).containsExactly("empty", "jobs");

    HttpResponse<String> notStarted = get("/atoll/routers/unused");
    assertThat(notStarted.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(notStarted.body()).path("error").asText())
        .isEqualTo("router \"unused\" is declared but not started on this node (a router starts on its first "
            + "LoadBalancers.router or pool call)");
  }
}
