package dev.atoll.framework;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(LogCapturingExtension.class)
class ManagementEndpointTest {

  @TempDir Path dataDir;

  private AtollNode start(String extra) {
    return AtollNode.start(
        ConfigFactory.parseString("atoll.node { port = 0, data-dir = \"" + dataDir + "\" }\n" + extra));
  }

  private static void stop(AtollNode node) {
    node.system().terminate();
    node.whenTerminated().toCompletableFuture().join();
  }

  @Test
  void servesTheMembersAsJsonOnLoopbackByDefault() throws Exception {
    AtollNode node = start("");
    try {
      node.join(node.selfAddress());
      node.awaitUp(Duration.ofSeconds(30));
      URI base = node.managementUri().orElseThrow();
      assertThat(base.getHost()).isEqualTo("127.0.0.1");

      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(HttpRequest.newBuilder(base.resolve("/atoll/members")).GET().build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      JsonNode body = new ObjectMapper().readTree(response.body());
      assertThat(body.path("self").asText()).isEqualTo(node.selfAddress().toString());
      assertThat(body.path("members")).hasSize(1);
      assertThat(body.path("members").get(0).path("status").asText()).isEqualTo("UP");
      assertThat(body.path("members").get(0).path("reachable").asBoolean()).isTrue();
    } finally {
      stop(node);
    }
  }

  @Test
  void canBeSwitchedOff() {
    AtollNode node = start("atoll.management.enabled = off");
    try {
      assertThat(node.managementUri()).isEmpty();
    } finally {
      stop(node);
    }
  }

  @Test
  void aManagementPortInUseStopsTheNodeNamingTheKey() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      assertThatThrownBy(() -> start("atoll.management.port = " + taken.getLocalPort()))
          .isInstanceOf(AtollConfigException.class)
          .hasMessageContaining("atoll.management.port = " + taken.getLocalPort())
          .hasMessageContaining("cannot bind the management endpoint");
    }
  }
}
