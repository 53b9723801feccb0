package dev.atoll.benchmarks.failover;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.util.List;
import org.junit.jupiter.api.Test;

class PekkoLedgerClusterTest {

  @Test
  void thePekkoNodesClassPathKeepsPekkoAndTheBenchmarksButNoAtollModule() {
    String classPath = String.join(File.pathSeparator, List.of(
        "/repo/benchmarks/target/classes",
        "/repo/framework/target/classes",
        "/root/.m2/repository/dev/atoll/atoll-failover/0.1.0-SNAPSHOT/atoll-failover-0.1.0-SNAPSHOT.jar",
        "/repo/sample-apps/target/atoll-sample-apps-0.1.0-SNAPSHOT.jar",
        "/root/.m2/repository/org/apache/pekko/pekko-cluster-sharding_2.13/1.7.0/pekko-cluster-sharding_2.13-1.7.0.jar",
        "/root/.m2/repository/org/postgresql/postgresql/42.7.8/postgresql-42.7.8.jar"));

    assertThat(PekkoLedgerCluster.pekkoOnlyClassPath(classPath).split(File.pathSeparator)).containsExactly(
        "/repo/benchmarks/target/classes",
        "/root/.m2/repository/org/apache/pekko/pekko-cluster-sharding_2.13/1.7.0/pekko-cluster-sharding_2.13-1.7.0.jar",
        "/root/.m2/repository/org/postgresql/postgresql/42.7.8/postgresql-42.7.8.jar");
  }

  @Test
  void theTunedBaselineUsesAtollsFailureDetectorAndDowningDefaults() {
    com.typesafe.config.Config tuned = PekkoLedgerNode.config(2551, List.of("127.0.0.1:2551"), "jdbc:postgresql://127.0.0.1:1/x", "postgres", true);
    com.typesafe.config.Config defaults = PekkoLedgerNode.config(2551, List.of("127.0.0.1:2551"), "jdbc:postgresql://127.0.0.1:1/x", "postgres", false);

    dev.atoll.framework.AtollSettings.Cluster atoll =
        dev.atoll.framework.AtollSettings.fromConfig(com.typesafe.config.ConfigFactory.load()).cluster();
    assertThat(tuned.getDuration("pekko.cluster.split-brain-resolver.stable-after")).isEqualTo(atoll.downing().stableAfter());
    assertThat(tuned.getDuration("pekko.cluster.failure-detector.acceptable-heartbeat-pause"))
        .isEqualTo(atoll.acceptableHeartbeatPause());
    assertThat(tuned.getDuration("pekko.cluster.failure-detector.heartbeat-interval")).isEqualTo(atoll.heartbeatInterval());
    assertThat(tuned.getDuration("pekko.cluster.failure-detector.min-std-deviation")).isEqualTo(atoll.minStdDeviation());
    // The Pekko keys Atoll tunes itself, copied into the baseline's config: they must not drift.
    com.typesafe.config.Config atollTuning =
        dev.atoll.framework.internal.PekkoConfig.tuningUnlessSet(com.typesafe.config.ConfigFactory.defaultReference());
    for (String key : List.of(
        "pekko.cluster.unreachable-nodes-reaper-interval",
        "pekko.cluster.gossip-interval",
        "pekko.cluster.leader-actions-interval",
        "pekko.cluster.sharding.retry-interval")) {
      assertThat(tuned.getDuration(key)).as(key).isEqualTo(atollTuning.getDuration(key));
    }
    assertThat(defaults.getDuration("pekko.cluster.split-brain-resolver.stable-after")).hasSeconds(20);
    assertThat(defaults.getString("pekko.cluster.downing-provider-class"))
        .isEqualTo("org.apache.pekko.cluster.sbr.SplitBrainResolverProvider");
    assertThat(defaults.getStringList("pekko.cluster.seed-nodes")).containsExactly("pekko://ledger@127.0.0.1:2551");
  }
}
