package dev.atoll.sharding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import dev.atoll.framework.AtollConfigException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ShardingSettingsTest {

  @Test
  void readsTheDefaultsOfBothReferenceConfs() {
    ShardingSettings settings = ShardingSettings.fromConfig(ConfigFactory.empty());

    assertThat(settings.numberOfShards()).isEqualTo(256);
    assertThat(settings.virtualNodes()).isEqualTo(128);
    assertThat(settings.replicationFactor()).isEqualTo(3);
    assertThat(settings.maxLoadFactor()).isEmpty();
    assertThat(settings.rebalanceMaxPerRound()).isEqualTo(10);
    assertThat(settings.rebalanceInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(settings.passivationIdleTimeout()).contains(Duration.ofMinutes(2));
    assertThat(settings.snapshotEvery()).isZero();
    assertThat(settings.keepSnapshots()).isEqualTo(2);
    assertThat(settings.shardReadiness()).isEmpty();
  }

  @Test
  void readsOverriddenValuesAndOffSwitches() {
    ShardingSettings settings =
        ShardingSettings.fromConfig(
            ConfigFactory.parseString(
                "atoll.sharding { number-of-shards = 32, replication-factor = 2, max-load-factor = 1.25,"
                    + " rebalance-max-per-round = 4, rebalance-interval = 1s,"
                    + " passivation.idle-timeout = off, snapshot.every = 100, snapshot.keep = 3 }"));

    assertThat(settings.numberOfShards()).isEqualTo(32);
    assertThat(settings.replicationFactor()).isEqualTo(2);
    assertThat(settings.maxLoadFactor()).contains(1.25);
    assertThat(settings.rebalanceMaxPerRound()).isEqualTo(4);
    assertThat(settings.rebalanceInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(settings.passivationIdleTimeout()).isEmpty();
    assertThat(settings.snapshotEvery()).isEqualTo(100);
    assertThat(settings.keepSnapshots()).isEqualTo(3);
    assertThat(settings.shardFunction().numberOfShards()).isEqualTo(32);
  }

  @Test
  void treatsAZeroMaxLoadFactorAsUnbounded() {
    ShardingSettings settings =
        ShardingSettings.fromConfig(ConfigFactory.parseString("atoll.sharding.max-load-factor = 0"));

    assertThat(settings.maxLoadFactor()).isEqualTo(Optional.empty());
  }

  @Test
  void listsEveryInvalidValueWithItsPath() {
    assertThatThrownBy(
            () ->
                ShardingSettings.fromConfig(
                    ConfigFactory.parseString(
                        "atoll.sharding { replication-factor = 0, max-load-factor = 0.5,"
                            + " rebalance-interval = soon, rebalance-max-per-round = -1 }")))
        .isInstanceOfSatisfying(
            AtollConfigException.class,
            e ->
                assertThat(e.problems())
                    .hasSize(4)
                    .anySatisfy(p -> assertThat(p).startsWith("atoll.sharding.replication-factor = 0").contains("must be > 0 (and at most 16)"))
                    .anySatisfy(p -> assertThat(p).startsWith("atoll.sharding.max-load-factor = 0.5").contains(">= 1.0"))
                    .anySatisfy(p -> assertThat(p).startsWith("atoll.sharding.rebalance-interval = \"soon\"").contains("duration"))
                    .anySatisfy(p -> assertThat(p).startsWith("atoll.sharding.rebalance-max-per-round = -1")));
  }

  @Test
  void namesAMissingKey() {
    assertThatThrownBy(
            () ->
                ShardingSettings.fromConfig(
                    ConfigFactory.parseString("atoll.sharding.rebalance-interval = null")))
        .isInstanceOf(AtollConfigException.class)
        .hasMessageContaining("atoll.sharding.rebalance-interval");
  }
}
