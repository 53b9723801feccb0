package dev.atoll.journal.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atoll.journal.TestDirectories;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** The replication protocol's per-shard state: stored whole, replaced whole, kept across restarts. */
class ShardStatesTest {

  private Path directory;
  private LogStore store;

  @BeforeEach
  void open() {
    directory = TestDirectories.fresh("shard-states");
  }

  @AfterEach
  void close() {
    if (store != null) {
      store.close();
    }
    TestDirectories.delete(directory);
  }

  @ParameterizedTest
  @EnumSource(SyncMode.class)
  void shardStatesSurviveARestartInEverySyncMode(SyncMode mode) {
    LogStoreSettings settings = LogStoreSettings.of(directory).withSyncMode(mode);
    store = LogStore.open(settings);
    store.putShardState(0, bytes("promise 3")).join();
    store.putShardState(17, bytes("promise 1")).join();
    store.putShardState(0, bytes("promise 4")).join();
    store.close();

    store = LogStore.open(settings);
    Map<Integer, byte[]> states = store.shardStates();

    assertThat(states).containsOnlyKeys(0, 17);
    assertThat(text(states.get(0))).isEqualTo("promise 4");
    assertThat(text(states.get(17))).isEqualTo("promise 1");
  }

  @Test
  void aNewStoreHasNoShardStates() {
    store = LogStore.open(LogStoreSettings.of(directory));

    assertThat(store.shardStates()).isEmpty();
  }

  @Test
  void aNegativeShardIsRefusedNamingIt() {
    store = LogStore.open(LogStoreSettings.of(directory));

    assertThatThrownBy(() -> store.putShardState(-1, bytes("x")).join())
        .cause()
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("shard -1");
    assertThat(store.shardStates()).isEmpty();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
