package dev.atoll.framework;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtollSettingsTest {

  private static AtollSettings settings(String hocon) {
    return AtollSettings.fromConfig(ConfigFactory.parseString(hocon));
  }

  @Test
  void readsTheReferenceDefaults() {
    AtollSettings settings = settings("");
    assertThat(settings.node().systemName()).isEqualTo("atoll");
    assertThat(settings.node().port()).isEqualTo(2551);
    assertThat(settings.cluster().downing().strategy()).isEqualTo(AtollSettings.DowningStrategy.KEEP_MAJORITY);
    assertThat(settings.cluster().transport()).isEqualTo(AtollSettings.Transport.TCP);
    assertThat(settings.placement().virtualNodes()).isEqualTo(128);
    assertThat(settings.placement().numberOfShards()).isPositive();
  }

  @Test
  void defaultsDownACrashedNodeWellUnderTenSeconds() {
    // Detection takes about acceptable-heartbeat-pause plus a few heartbeats; then the resolver
    // waits stable-after. Keep the sum of the two timers at most 6s so removal stays under 10s.
    AtollSettings.Cluster cluster = settings("").cluster();
    Duration detectionAndDecision =
        cluster.acceptableHeartbeatPause().plus(cluster.downing().stableAfter());
    assertThat(detectionAndDecision).isLessThanOrEqualTo(Duration.ofSeconds(6));
  }

  @Test
  void derivesTheManagementPortFromTheClusterPortSoLocalNodesNeverCollide() {
    assertThat(settings("atoll.node.port = 2551").management().port()).isEqualTo(12551);
    assertThat(settings("atoll.node.port = 0").management().port()).isZero();
    assertThat(settings("atoll.node.port = 60000").management().port()).isZero();
    assertThat(settings("atoll.management.port = 8558").management().port()).isEqualTo(8558);
    assertThat(settings("").management().host()).isEqualTo("127.0.0.1");
  }

  @Test
  void parsesSeedNodesInShortAndFullForm() {
    AtollSettings settings =
        settings("atoll.node.seed-nodes = [\"127.0.0.1:2551\", \"pekko://atoll@127.0.0.2:2552\"]");
    assertThat(settings.node().seedNodes())
        .containsExactly(new AtollSettings.HostPort("127.0.0.1", 2551), new AtollSettings.HostPort("127.0.0.2", 2552));
    assertThat(settings.node().seedNodeUri(settings.node().seedNodes().get(1)))
        .isEqualTo("pekko://atoll@127.0.0.2:2552");
  }

  @Test
  void rejectsANegativeNumberOfShardsNamingTheKey() {
    assertThatThrownBy(() -> settings("atoll.sharding.number-of-shards = -3"))
        .isInstanceOf(AtollConfigException.class)
        .hasMessageContaining("atoll.sharding.number-of-shards = -3")
        .hasMessageContaining("must be > 0");
  }

  @Test
  void rejectsAPortOutOfRange() {
    assertThatThrownBy(() -> settings("atoll.node.port = 70000"))
        .isInstanceOf(AtollConfigException.class)
        .hasMessageContaining("atoll.node.port = 70000")
        .hasMessageContaining("must be between 0 and 65535");
  }

  @Test
  void rejectsAPortThatIsNotANumber() {
    assertThatThrownBy(() -> settings("atoll.node.port = http"))
        .hasMessageContaining("atoll.node.port = \"http\"")
        .hasMessageContaining("must be an integer");
  }

  @Test
  void rejectsAnUnknownDowningStrategyListingTheAllowedOnes() {
    assertThatThrownBy(() -> settings("atoll.cluster.downing.strategy = keep-everyone"))
        .isInstanceOf(AtollConfigException.class)
        .hasMessageContaining("atoll.cluster.downing.strategy = \"keep-everyone\"")
        .hasMessageContaining("keep-majority | keep-oldest | static-quorum | down-all | off");
  }

  @Test
  void rejectsNonPositiveVirtualNodes() {
    assertThatThrownBy(() -> settings("atoll.sharding.virtual-nodes = 0"))
        .hasMessageContaining("atoll.sharding.virtual-nodes = 0")
        .hasMessageContaining("must be > 0");
  }

  @Test
  void rejectsAMalformedSeedNode() {
    assertThatThrownBy(() -> settings("atoll.node.seed-nodes = [\"127.0.0.1\"]"))
        .hasMessageContaining("atoll.node.seed-nodes")
        .hasMessageContaining("'127.0.0.1' is not host:port");
  }

  @Test
  void rejectsAMinimumDeviationThatIsNotAPositiveDuration() {
    assertThatThrownBy(() -> settings("atoll.cluster.failure-detector.min-std-deviation = 0ms"))
        .hasMessageContaining("atoll.cluster.failure-detector.min-std-deviation");
    assertThatThrownBy(() -> settings("atoll.cluster.failure-detector.min-std-deviation = often"))
        .hasMessageContaining("atoll.cluster.failure-detector.min-std-deviation");
  }

  @Test
  void rejectsAHeartbeatPauseShorterThanTheInterval() {
    assertThatThrownBy(
            () ->
                settings(
                    "atoll.cluster.failure-detector { heartbeat-interval = 2s, acceptable-heartbeat-pause = 1s }"))
        .hasMessageContaining("atoll.cluster.failure-detector.acceptable-heartbeat-pause")
        .hasMessageContaining("must be longer than heartbeat-interval");
  }

  @Test
  void rejectsAnUnknownTransport() {
    assertThatThrownBy(() -> settings("atoll.cluster.transport = udp"))
        .hasMessageContaining("atoll.cluster.transport = \"udp\"")
        .hasMessageContaining("tcp | tls-tcp");
  }

  @Test
  void reportsEveryProblemAtOnceWithWhereItWasSet() {
    Config config =
        ConfigFactory.parseString(
            "atoll.node.port = -1\natoll.sharding.virtual-nodes = -5\natoll.cluster.downing.stable-after = soon",
            com.typesafe.config.ConfigParseOptions.defaults().setOriginDescription("my-node.conf"));
    assertThatThrownBy(() -> AtollSettings.fromConfig(config))
        .isInstanceOfSatisfying(
            AtollConfigException.class,
            e -> {
              assertThat(e.problems()).hasSize(3);
              assertThat(e.getMessage()).contains("3 problems").contains("my-node.conf: 1");
              assertThat(e.problems())
                  .anySatisfy(p -> assertThat(p).startsWith("atoll.node.port = -1"))
                  .anySatisfy(p -> assertThat(p).startsWith("atoll.sharding.virtual-nodes = -5"))
                  .anySatisfy(p -> assertThat(p).startsWith("atoll.cluster.downing.stable-after = \"soon\""));
            });
  }

  @Test
  void rejectsADataDirectoryThatIsAFile(@TempDir Path dir) throws Exception {
    Path file = Files.createFile(dir.resolve("not-a-dir"));
    assertThatThrownBy(() -> settings("atoll.node.data-dir = \"" + file + "\""))
        .hasMessageContaining("atoll.node.data-dir")
        .hasMessageContaining("exists and is not a directory");
  }

  @Test
  void aNodeWithBadSettingsIsNeverStarted() {
    assertThatThrownBy(() -> AtollNode.start(ConfigFactory.parseString("atoll.node.port = 99999")))
        .isInstanceOf(AtollConfigException.class)
        .hasMessageContaining("atoll.node.port = 99999");
  }
}
