package dev.atoll.framework.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.atoll.framework.AtollSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PekkoConfigTest {

  private static Config derive(String hocon) {
    return PekkoConfig.derive(AtollSettings.fromConfig(ConfigFactory.parseString(hocon)));
  }

  @Test
  void switchesTheSplitBrainResolverOnWithKeepMajorityByDefault() {
    Config pekko = derive("");
    assertThat(pekko.getString("pekko.cluster.downing-provider-class"))
        .isEqualTo("org.apache.pekko.cluster.sbr.SplitBrainResolverProvider");
    assertThat(pekko.getString("pekko.cluster.split-brain-resolver.active-strategy")).isEqualTo("keep-majority");
    assertThat(pekko.getDuration("pekko.cluster.split-brain-resolver.stable-after")).isEqualTo(java.time.Duration.ofMillis(500));
  }

  @Test
  void passesTheFailureDetectorSettingsToPekko() {
    Config pekko = derive("atoll.cluster.failure-detector { heartbeat-interval = 400ms, acceptable-heartbeat-pause = 3s, min-std-deviation = 80ms }");
    assertThat(pekko.getDuration("pekko.cluster.failure-detector.heartbeat-interval")).isEqualTo(java.time.Duration.ofMillis(400));
    assertThat(pekko.getDuration("pekko.cluster.failure-detector.acceptable-heartbeat-pause")).isEqualTo(java.time.Duration.ofSeconds(3));
    assertThat(pekko.getDuration("pekko.cluster.failure-detector.min-std-deviation")).isEqualTo(java.time.Duration.ofMillis(80));
    assertThat(derive("").getDuration("pekko.cluster.failure-detector.min-std-deviation")).isEqualTo(java.time.Duration.ofMillis(50));
  }

  @Test
  void turnsJavaSerializationOffAndUsesTheClusterProvider() {
    Config pekko = derive("");
    assertThat(pekko.getBoolean("pekko.actor.allow-java-serialization")).isFalse();
    assertThat(pekko.getString("pekko.actor.provider")).isEqualTo("cluster");
  }

  @Test
  void writesHostPortAndSeedsAsPekkoAddresses() {
    Config pekko =
        derive("atoll.node { host = \"10.1.2.3\", port = 2600, seed-nodes = [\"10.1.2.3:2600\", \"10.1.2.4:2600\"] }");
    assertThat(pekko.getString("pekko.remote.artery.canonical.hostname")).isEqualTo("10.1.2.3");
    assertThat(pekko.getInt("pekko.remote.artery.canonical.port")).isEqualTo(2600);
    assertThat(pekko.getStringList("pekko.cluster.seed-nodes"))
        .containsExactly("pekko://atoll@10.1.2.3:2600", "pekko://atoll@10.1.2.4:2600");
  }

  @Test
  void downingOffRemovesTheProviderAndStaticQuorumPassesItsSize() {
    assertThat(derive("atoll.cluster.downing.strategy = off").getString("pekko.cluster.downing-provider-class")).isEmpty();
    Config quorum = derive("atoll.cluster.downing { strategy = static-quorum, static-quorum-size = 2 }");
    assertThat(quorum.getInt("pekko.cluster.split-brain-resolver.static-quorum.quorum-size")).isEqualTo(2);
  }

  @Test
  void tlsTransportIsAConfigSwitch() {
    assertThat(derive("atoll.cluster.transport = tls-tcp").getString("pekko.remote.artery.transport")).isEqualTo("tls-tcp");
  }

  @Test
  void atollKeysWinOverConflictingPekkoKeysInTheUserConfig() {
    Config user =
        ConfigFactory.parseString(
            "atoll.node.port = 2700\npekko.remote.artery.canonical.port = 9999\npekko.cluster.downing-provider-class = \"\"");
    Config effective = PekkoConfig.derive(AtollSettings.fromConfig(user)).withFallback(user);
    assertThat(effective.getInt("pekko.remote.artery.canonical.port")).isEqualTo(2700);
    assertThat(effective.getString("pekko.cluster.downing-provider-class")).contains("SplitBrainResolverProvider");
  }

  @Test
  void failoverTuningReplacesPekkoDefaultsButNotTheApplicationsOwnValues() {
    com.typesafe.config.Config pekkoDefaults = com.typesafe.config.ConfigFactory.defaultReference();
    assertThat(PekkoConfig.tuningUnlessSet(pekkoDefaults).getString("pekko.cluster.gossip-interval")).isEqualTo("500ms");
    assertThat(PekkoConfig.tuningUnlessSet(pekkoDefaults).getDuration("pekko.cluster.leader-actions-interval")).isEqualTo(Duration.ofMillis(250));
    assertThat(PekkoConfig.tuningUnlessSet(pekkoDefaults).getString("pekko.cluster.sharding.retry-interval")).isEqualTo("200ms");
    assertThat(PekkoConfig.tuningUnlessSet(pekkoDefaults).getDuration("pekko.cluster.unreachable-nodes-reaper-interval")).isEqualTo(Duration.ofMillis(250));
    assertThat(PekkoConfig.tuningUnlessSet(pekkoDefaults).getString("pekko.cluster.retry-unsuccessful-join-after")).isEqualTo("1s");
    assertThat(PekkoConfig.tuningUnlessSet(pekkoDefaults).getDuration("pekko.cluster.down-removal-margin")).isEqualTo(Duration.ofMillis(1));
    assertThat(PekkoConfig.tuningUnlessSet(pekkoDefaults).getInt("pekko.cluster.sharding.coordinator-state.write-majority-plus")).isZero();
    assertThat(PekkoConfig.tuningUnlessSet(pekkoDefaults).getInt("pekko.cluster.sharding.distributed-data.majority-min-cap")).isEqualTo(1);
    assertThat(PekkoConfig.tuningUnlessSet(pekkoDefaults).getDuration("pekko.cluster.sharding.handoff-timeout")).isEqualTo(Duration.ofSeconds(10));

    com.typesafe.config.Config application =
        com.typesafe.config.ConfigFactory.parseString("pekko.cluster.gossip-interval = 2s").withFallback(pekkoDefaults);
    assertThat(PekkoConfig.tuningUnlessSet(application).hasPath("pekko.cluster.gossip-interval")).isFalse();
    assertThat(PekkoConfig.tuningUnlessSet(application).hasPath("pekko.cluster.leader-actions-interval")).isTrue();
  }
}
