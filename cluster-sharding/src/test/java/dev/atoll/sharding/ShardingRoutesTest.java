package dev.atoll.sharding;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import dev.atoll.framework.AtollNode;
import dev.atoll.sharding.sample.Account;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The sharding view of the management endpoint: the shard table and movement plans over HTTP. */
@ExtendWith(LogCapturingExtension.class)
class ShardingRoutesTest {

  private static AtollNode node;
  private static URI base;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    node = AtollNode.start(ConfigFactory.parseString("atoll.management.enabled = on").withFallback(ClusterNodes.nodeConfig("")));
    node.join(node.selfAddress());
    node.awaitUp(Duration.ofSeconds(30));
    Entities.get(node.system()).init(EntitySpec.of(Account.TYPE_NAME, Account.Command.class, Account::create));
    base = node.managementUri().orElseThrow();
  }

  @AfterAll
  static void stop() {
    ClusterNodes.terminate(node);
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void showsEveryShardsReplicaSetAndThePrimariesPerMember() throws Exception {
    JsonNode body = new ObjectMapper().readTree(get("/atoll/shards").body());
    assertThat(body.path("numberOfShards").asInt()).isEqualTo(32);
    assertThat(body.path("shards")).hasSize(32);
    assertThat(body.path("shards").get(5).path("replicas").get(0).asText()).isEqualTo(node.selfAddress().toString());
    assertThat(body.path("primariesPerMember").path(node.selfAddress().toString()).asInt()).isEqualTo(32);
    assertThat(body.path("rebalancing").has(Account.TYPE_NAME)).isTrue();
  }

  @Test
  void countsTheShardsAndEntitiesEachMembersRegionHosts() throws Exception {
    for (int i = 0; i < 5; i++) {
      Entities.get(node.system()).<Account.Command>entityRefFor(Account.TYPE_NAME, "counted-" + i)
          .<org.apache.pekko.pattern.StatusReply<Long>>ask(Account.GetBalance::new, Duration.ofSeconds(10))
          .toCompletableFuture().get(15, java.util.concurrent.TimeUnit.SECONDS);
    }
    JsonNode account = new ObjectMapper().readTree(get("/atoll/shards").body()).path("entities").path(Account.TYPE_NAME);
    assertThat(account.path("error").asText()).isEmpty();
    JsonNode region = account.path("regions").path(node.selfAddress().toString());
    assertThat(region.path("entities").asInt()).isGreaterThanOrEqualTo(5);
    assertThat(region.path("shards").asInt()).isBetween(1, 5);
    assertThat(region.path("unansweredShards")).isEmpty();
  }

  @Test
  void showsWhatAJoinWouldMoveBeforeItHappens() throws Exception {
    HttpResponse<String> response = get("/atoll/shards/plan?join=127.0.0.1:1");
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode plan = new ObjectMapper().readTree(response.body());
    String joiner = "pekko://atoll@127.0.0.1:1";
    assertThat(plan.path("shardsMoving").asInt()).isPositive().isLessThan(32);
    plan.path("moves").forEach(move -> {
      assertThat(move.path("to").asText()).isEqualTo(joiner);
      assertThat(move.path("from").asText()).isEqualTo(node.selfAddress().toString());
    });
    assertThat(plan.path("moves")).hasSize(plan.path("shardsMoving").asInt());
  }

  @Test
  void aPlanNeedsExactlyOneChange() throws Exception {
    HttpResponse<String> response = get("/atoll/shards/plan");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("?join=host:port or ?leave=host:port");
    assertThat(get("/atoll/shards/plan?leave=nonsense").statusCode()).isEqualTo(400);
  }
}
