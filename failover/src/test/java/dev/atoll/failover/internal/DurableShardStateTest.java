package dev.atoll.failover.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atoll.failover.ShardConfig;
import dev.atoll.journal.spi.Epoch;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DurableShardStateTest {

  @Test
  void aStoredPromiseReadsBackAsTheSameConfigurations() {
    ShardConfig promised = new ShardConfig(new Epoch(4, "127.0.0.1:2552"), "127.0.0.1:2552", List.of("127.0.0.1:2552", "127.0.0.1:2551"));
    ShardConfig committed = new ShardConfig(new Epoch(3, "127.0.0.1:2551"), "127.0.0.1:2551", List.of("127.0.0.1:2551", "127.0.0.1:2552"));
    DurableShardState state = new DurableShardState(promised, committed);

    assertThat(DurableShardState.decode(7, state.encode())).isEqualTo(state);
    assertThat(DurableShardState.decode(7, DurableShardState.initial().encode())).isEqualTo(DurableShardState.initial());
  }

  @Test
  void aDamagedRecordNamesTheShardAndTheDamage() {
    assertThatThrownBy(() -> DurableShardState.decode(12, "{not json".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("shard 12")
        .hasMessageContaining("damaged");
  }
}
