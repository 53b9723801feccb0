package dev.atoll.journal.internal;

import static dev.atoll.journal.internal.TestEvents.event;
import static dev.atoll.journal.internal.TestEvents.events;
import static dev.atoll.journal.internal.TestEvents.replaySequenceNrs;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atoll.journal.TestDirectories;
import dev.atoll.journal.spi.JournalEvent;
import dev.atoll.journal.spi.SerializedObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LogStoreTest {

  private Path directory;
  private LogStore store;

  @BeforeEach
  void open() {
    directory = TestDirectories.fresh("logstore");
    store = LogStore.open(LogStoreSettings.of(directory));
  }

  @AfterEach
  void close() {
    store.close();
    TestDirectories.delete(directory);
  }

  private void reopen() {
    store.close();
    store = LogStore.open(LogStoreSettings.of(directory));
  }

  @Test
  void replaysOnlyTheRequestedRangeInSequenceOrder() {
    store.append(events("Account|a", 1, 10)).join();
    store.append(events("Account|b", 1, 3)).join();

    List<Long> found = new ArrayList<>();
    store.replay("Account|a", 3, 7, 4, e -> found.add(e.sequenceNr()));

    assertThat(found).containsExactly(3L, 4L, 5L, 6L);
    assertThat(replaySequenceNrs(store, "Account|b")).containsExactly(1L, 2L, 3L);
    assertThat(replaySequenceNrs(store, "Account|nobody")).isEmpty();
  }

  @Test
  void keepsEveryFieldOfAnEventAcrossARestart() {
    JournalEvent original =
        new JournalEvent(
            "Account|a",
            1,
            "writer-uuid",
            "adapter-manifest",
            123_456L,
            new SerializedObject(33, "v2", "payload".getBytes(StandardCharsets.UTF_8)),
            Optional.of(new SerializedObject(20, "", new byte[] {1, 2, 3})),
            List.of("blue", "green"));
    store.append(List.of(original)).join();
    reopen();

    List<JournalEvent> found = new ArrayList<>();
    store.replay("Account|a", 1, 1, 1, found::add);

    assertThat(found).containsExactly(original);
  }

  @Test
  void replayShardReturnsExactlyTheEventsOfThatShard() {
    String first = "Account|a";
    String other = "Account|b";
    while (store.shardOf(other) == store.shardOf(first)) {
      other = other + "x";
    }
    store.append(events(first, 1, 3)).join();
    store.append(events(other, 1, 2)).join();

    List<String> found = new ArrayList<>();
    store.replayShard(store.shardOf(first), e -> found.add(e.persistenceId() + "#" + e.sequenceNr()));

    assertThat(found).containsExactly(first + "#1", first + "#2", first + "#3");
  }

  @Test
  void placesAPersistenceIdInTheShardOfItsEntityId() {
    PersistenceIdShards shards = new PersistenceIdShards(256);
    dev.atoll.framework.ShardFunction function = dev.atoll.framework.ShardFunction.of(256);

    assertThat(shards.shardOf("Account|alice")).isEqualTo(function.shardOf("alice"));
    assertThat(shards.shardOf("Account|a|b")).isEqualTo(function.shardOf("a|b"));
    assertThat(shards.shardOf("no-separator")).isEqualTo(function.shardOf("no-separator"));
  }

  @Test
  void highestSequenceNrNeverDecreasesAfterDeletesAndRestarts() {
    store.append(events("Account|a", 1, 5)).join();
    store.deleteEventsTo("Account|a", 3).join();
    assertThat(replaySequenceNrs(store, "Account|a")).containsExactly(4L, 5L);
    assertThat(store.highestSequenceNr("Account|a")).isEqualTo(5);

    store.deleteEventsTo("Account|a", Long.MAX_VALUE).join();
    reopen();

    assertThat(replaySequenceNrs(store, "Account|a")).isEmpty();
    assertThat(store.highestSequenceNr("Account|a")).isEqualTo(5);
    assertThat(store.persistenceIds("", 10)).containsExactly("Account|a");
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(SyncMode.class)
  void everySyncModeKeepsAcknowledgedEventsAcrossACleanRestart(SyncMode mode) {
    store.close();
    LogStoreSettings settings = LogStoreSettings.of(directory).withSyncMode(mode);
    store = LogStore.open(settings);
    store.append(events("Account|" + mode, 1, 20)).join();
    store.close();
    store = LogStore.open(settings);

    assertThat(replaySequenceNrs(store, "Account|" + mode)).hasSize(20);
  }

  @Test
  void groupCommitGathersConcurrentWritesIntoFewerSyncedBatches() throws Exception {
    int writers = 8;
    int writesEach = 50;
    long commitsBefore = store.commitCount();
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      List<CompletableFuture<Void>> acks = new ArrayList<>();
      List<CompletableFuture<Void>> submitted = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        String pid = "Account|w" + w;
        submitted.add(
            CompletableFuture.runAsync(
                () -> {
                  List<CompletableFuture<Void>> own = new ArrayList<>();
                  for (int i = 1; i <= writesEach; i++) {
                    own.add(store.append(List.of(event(pid, i))));
                  }
                  CompletableFuture.allOf(own.toArray(CompletableFuture[]::new)).join();
                },
                pool));
      }
      acks.addAll(submitted);
      CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }

    long commits = store.commitCount() - commitsBefore;
    assertThat(commits).isGreaterThan(0).isLessThan((long) writers * writesEach);
    for (int w = 0; w < writers; w++) {
      assertThat(replaySequenceNrs(store, "Account|w" + w)).hasSize(writesEach);
    }
  }

  @Test
  void tagOffsetsAreDenseAndFollowCommitOrderAcrossRestarts() {
    store.append(List.of(event("Account|a", 1, "blue"), event("Account|b", 1, "blue", "red"))).join();
    reopen();
    store.append(List.of(event("Account|a", 2, "blue"))).join();

    List<TaggedEvent> blue = store.eventsByTag("blue", 0, Long.MAX_VALUE, 100);
    assertThat(blue).extracting(TaggedEvent::tagOffset).containsExactly(1L, 2L, 3L);
    assertThat(blue).extracting(t -> TestEvents.text(t.event()))
        .containsExactly("Account|a#1", "Account|b#1", "Account|a#2");
    assertThat(store.eventsByTag("blue", 1, Long.MAX_VALUE, 100))
        .extracting(TaggedEvent::tagOffset).containsExactly(2L, 3L);
    assertThat(store.tagHead("blue")).isEqualTo(3);
    assertThat(store.tagHead("red")).isEqualTo(1);
    assertThat(store.tagHead("none")).isZero();
  }

  @Test
  void eventsByTagSkipsDeletedEvents() {
    store.append(List.of(event("Account|a", 1, "blue"), event("Account|a", 2, "blue"))).join();
    store.deleteEventsTo("Account|a", 1).join();

    assertThat(store.eventsByTag("blue", 0, Long.MAX_VALUE, 100))
        .extracting(TaggedEvent::tagOffset).containsExactly(2L);
  }

  @Test
  void selectsTheLatestSnapshotWithinTheCriteria() {
    for (long seq = 10; seq <= 30; seq += 10) {
      store.saveSnapshot(snapshot("Account|a", seq, seq * 100)).join();
    }

    assertThat(store.latestSnapshot("Account|a", 0, Long.MAX_VALUE, 0, Long.MAX_VALUE))
        .map(StoredSnapshot::sequenceNr).contains(30L);
    assertThat(store.latestSnapshot("Account|a", 0, 25, 0, Long.MAX_VALUE))
        .map(StoredSnapshot::sequenceNr).contains(20L);
    assertThat(store.latestSnapshot("Account|a", 0, Long.MAX_VALUE, 0, 1500))
        .map(StoredSnapshot::sequenceNr).contains(10L);
    assertThat(store.latestSnapshot("Account|a", 15, 19, 0, Long.MAX_VALUE)).isEmpty();

    store.deleteSnapshots("Account|a", 0, 20, 0, Long.MAX_VALUE).join();
    assertThat(store.latestSnapshot("Account|a", 0, 25, 0, Long.MAX_VALUE)).isEmpty();
    assertThat(store.latestSnapshot("Account|a", 0, Long.MAX_VALUE, 0, Long.MAX_VALUE))
        .map(StoredSnapshot::sequenceNr).contains(30L);
  }

  private static StoredSnapshot snapshot(String pid, long seq, long timestamp) {
    return new StoredSnapshot(
        pid, seq, timestamp, new SerializedObject(20, "", ("s" + seq).getBytes()), Optional.empty());
  }
}
