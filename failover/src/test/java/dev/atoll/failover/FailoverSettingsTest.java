package dev.atoll.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FailoverSettingsTest {

  private static Config withReference(String application) {
    return ConfigFactory.parseString(application).withFallback(ConfigFactory.load()).resolve();
  }

  @Test
  void theShippedDefaultsReadAsDocumented() {
    FailoverSettings settings = FailoverSettings.fromConfig(withReference(""));

    assertThat(settings.writeQuorum()).as("majority").isZero();
    assertThat(settings.writeTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(settings.antiEntropyInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(settings.reconfigurationDelay()).isEqualTo(Duration.ofSeconds(1));
    assertThat(settings.unsafePromotion()).isFalse();
  }

  @Test
  void anApplicationCanLengthenTheReconfigurationDelay() {
    FailoverSettings settings = FailoverSettings.fromConfig(withReference("atoll.failover.reconfiguration-delay = 5s"));

    assertThat(settings.reconfigurationDelay()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void everyInvalidValueIsReportedWithItsPath() {
    Config invalid = withReference("""
        atoll.failover.reconfiguration-delay = 0s
        atoll.failover.write-quorum = many
        """);

    assertThatThrownBy(() -> FailoverSettings.fromConfig(invalid))
        .hasMessageContaining("atoll.failover.reconfiguration-delay")
        .hasMessageContaining("atoll.failover.write-quorum");
  }
}
