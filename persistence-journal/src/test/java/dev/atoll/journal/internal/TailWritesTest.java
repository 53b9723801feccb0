package dev.atoll.journal.internal;

import static dev.atoll.journal.internal.TestEvents.events;
import static dev.atoll.journal.internal.TestEvents.replicated;
import static dev.atoll.journal.internal.TestEvents.replaySequenceNrs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atoll.journal.TestDirectories;
import dev.atoll.journal.spi.Epoch;
import dev.atoll.journal.spi.LogTip;
import dev.atoll.journal.spi.ReplicatedEvent;
import dev.atoll.journal.spi.TailWrite;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link LogStore#writeTails}: append, truncate and replace a persistence id's tail, with epochs. */
class TailWritesTest {

  private static final Epoch E1 = new Epoch(1, "node-a");
  private static final Epoch E2 = new Epoch(2, "node-b");
  private static final String PID = "Account|a";

  private Path directory;
  private LogStore store;

  @BeforeEach
  void open() {
    directory = TestDirectories.fresh("tails");
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

  private void write(TailWrite... writes) {
    store.writeTails(List.of(writes)).join();
  }

  private List<String> texts(String persistenceId) {
    return store.read(persistenceId, 1, 1000).stream()
        .map(e -> TestEvents.text(e.event()) + " " + e.epoch())
        .toList();
  }

  private List<String> taggedTexts(String tag) {
    return store.eventsByTag(tag, 0, Long.MAX_VALUE, 1000).stream()
        .map(t -> t.tagOffset() + ":" + TestEvents.text(t.event()))
        .toList();
  }

  @Test
  void appendsAfterTheTipAndRecordsEachEventsEpoch() {
    write(TailWrite.of(PID, 0, replicated(PID, 1, 2, E1)));
    write(TailWrite.of(PID, 2, replicated(PID, 3, 3, E2)));

    assertThat(texts(PID))
        .containsExactly(
            "Account|a#1@1 (1, node-a)", "Account|a#2@1 (1, node-a)", "Account|a#3@2 (2, node-b)");
    assertThat(store.tip(PID)).isEqualTo(new LogTip(3, E2));
    assertThat(store.highestSequenceNr(PID)).isEqualTo(3);
    assertThat(store.epochOf(PID, 2)).contains(E1);
    assertThat(store.epochOf(PID, 4)).isEmpty();
    assertThat(replaySequenceNrs(store, PID)).containsExactly(1L, 2L, 3L);
  }

  @Test
  void replacingATailDeletesItsEventsAndTagEntriesAndLowersTheTip() {
    write(TailWrite.of(PID, 0, replicated(PID, 1, 4, E1, "blue")));
    assertThat(taggedTexts("blue"))
        .containsExactly("1:Account|a#1@1", "2:Account|a#2@1", "3:Account|a#3@1", "4:Account|a#4@1");

    write(TailWrite.of(PID, 2, replicated(PID, 3, 3, E2, "blue")));

    assertThat(texts(PID))
        .containsExactly(
            "Account|a#1@1 (1, node-a)", "Account|a#2@1 (1, node-a)", "Account|a#3@2 (2, node-b)");
    assertThat(taggedTexts("blue"))
        .as("the replaced events' index entries are gone; the new event has a new offset")
        .containsExactly("1:Account|a#1@1", "2:Account|a#2@1", "5:Account|a#3@2");
    assertThat(store.tip(PID)).isEqualTo(new LogTip(3, E2));
    assertThat(store.highestSequenceNr(PID)).as("lowered from 4").isEqualTo(3);
    assertThat(store.tips(store.shardOf(PID))).containsEntry(PID, new LogTip(3, E2));
  }

  @Test
  void aPureTruncationKeepsThePrefixAndTakesTheEpochOfItsLastEvent() {
    write(TailWrite.of(PID, 0, replicated(PID, 1, 2, E1, "blue")));
    write(TailWrite.of(PID, 2, replicated(PID, 3, 5, E2, "blue")));

    write(TailWrite.truncation(PID, 2));

    assertThat(replaySequenceNrs(store, PID)).containsExactly(1L, 2L);
    assertThat(taggedTexts("blue")).containsExactly("1:Account|a#1@1", "2:Account|a#2@1");
    assertThat(store.tip(PID)).isEqualTo(new LogTip(2, E1));
    assertThat(store.highestSequenceNr(PID)).isEqualTo(2);

    write(TailWrite.truncation(PID, 0));

    assertThat(replaySequenceNrs(store, PID)).isEmpty();
    assertThat(store.tip(PID)).isEqualTo(LogTip.EMPTY);
    assertThat(store.highestSequenceNr(PID)).isZero();
    assertThat(store.tips(store.shardOf(PID))).containsEntry(PID, LogTip.EMPTY);
  }

  @Test
  void aRetriedWriteChangesNothingNotEvenTagOffsets() {
    TailWrite first = TailWrite.of(PID, 0, replicated(PID, 1, 3, E1, "blue"));
    TailWrite second = TailWrite.of(PID, 3, replicated(PID, 4, 5, E1, "blue"));
    write(first);
    write(first); // a primary that never saw the acknowledgement resends
    write(second);
    write(second);
    write(second);

    assertThat(texts(PID)).hasSize(5);
    assertThat(taggedTexts("blue"))
        .containsExactly(
            "1:Account|a#1@1", "2:Account|a#2@1", "3:Account|a#3@1", "4:Account|a#4@1",
            "5:Account|a#5@1");
    assertThat(store.tagHead("blue")).isEqualTo(5);
    assertThat(store.tip(PID)).isEqualTo(new LogTip(5, E1));
  }

  @Test
  void aRetryOfAnOlderWriteStillDropsTheEventsAfterIt() {
    TailWrite first = TailWrite.of(PID, 0, replicated(PID, 1, 3, E1));
    write(first);
    write(TailWrite.of(PID, 3, replicated(PID, 4, 5, E1)));

    write(first);

    assertThat(replaySequenceNrs(store, PID)).containsExactly(1L, 2L, 3L);
    assertThat(store.tip(PID)).isEqualTo(new LogTip(3, E1));
  }

  @Test
  void rejectsEventsThatAreNotContiguousAndStoresNothingOfTheCall() {
    write(TailWrite.of(PID, 0, replicated(PID, 1, 2, E1)));
    List<ReplicatedEvent> gap = new ArrayList<>(replicated(PID, 3, 3, E1));
    gap.addAll(replicated(PID, 5, 5, E1));

    CompletableFuture<Void> result =
        store.writeTails(
            List.of(
                TailWrite.of("Account|b", 0, replicated("Account|b", 1, 1, E1)),
                TailWrite.of(PID, 2, gap)));

    assertThatThrownBy(result::join)
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(PID)
        .hasMessageContaining("found #5 where #4 belongs");
    assertThat(replaySequenceNrs(store, PID)).containsExactly(1L, 2L);
    assertThat(replaySequenceNrs(store, "Account|b")).isEmpty();
  }

  @Test
  void rejectsAWriteAfterTheHighestSequenceNumberAndStoresNothingOfTheCall() {
    write(TailWrite.of(PID, 0, replicated(PID, 1, 2, E1)));

    CompletableFuture<Void> result =
        store.writeTails(
            List.of(
                TailWrite.of("Account|b", 0, replicated("Account|b", 1, 1, E1)),
                TailWrite.of(PID, 3, replicated(PID, 4, 4, E1))));

    assertThatThrownBy(result::join)
        .cause()
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(PID)
        .hasMessageContaining("after sequence number 3")
        .hasMessageContaining("highest stored sequence number is 2");
    assertThat(replaySequenceNrs(store, "Account|b")).isEmpty();
    assertThat(store.tip(PID)).isEqualTo(new LogTip(2, E1));
  }

  @Test
  void aRejectedCallDoesNotDisturbTheWritesQueuedAroundIt() {
    CompletableFuture<Void> before = store.append(events("Account|x", 1, 3));
    CompletableFuture<Void> rejected =
        store.writeTails(List.of(TailWrite.of(PID, 7, replicated(PID, 8, 8, E1))));
    CompletableFuture<Void> after =
        store.writeTails(List.of(TailWrite.of("Account|x", 3, replicated("Account|x", 4, 4, E2))));

    before.join();
    after.join();
    assertThat(rejected).isCompletedExceptionally();
    assertThat(replaySequenceNrs(store, "Account|x")).containsExactly(1L, 2L, 3L, 4L);
    assertThat(store.tip("Account|x")).isEqualTo(new LogTip(4, E2));
    assertThat(store.tip(PID)).isEqualTo(LogTip.EMPTY);
  }

  @Test
  void knowsTheTipIncludingWritesQueuedBeforeItInTheSameGroupCommit() throws Exception {
    CountDownLatch writerHeld = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Void> holder =
        store.submit(
            (batch, state) -> {
              writerHeld.countDown();
              awaitQuietly(release);
            });
    assertThat(writerHeld.await(10, TimeUnit.SECONDS)).isTrue();
    // queued while the writer is held, so the writer takes them as one round
    List<CompletableFuture<Void>> queued =
        List.of(
            store.writeTails(List.of(TailWrite.of(PID, 0, replicated(PID, 1, 3, E1, "blue")))),
            store.writeTails(List.of(TailWrite.of(PID, 3, replicated(PID, 4, 5, E1, "blue")))),
            store.writeTails(List.of(TailWrite.of(PID, 4, replicated(PID, 5, 6, E2, "blue")))),
            store.writeTails(List.of(TailWrite.truncation(PID, 5))),
            store.writeTails(List.of(TailWrite.of(PID, 6, replicated(PID, 7, 7, E2)))));
    release.countDown();

    holder.join();
    CompletableFuture.allOf(queued.subList(0, 4).toArray(CompletableFuture[]::new)).join();
    assertThatThrownBy(() -> queued.get(4).join())
        .as("the truncation before it lowered the highest sequence number to 5")
        .cause()
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(texts(PID))
        .containsExactly(
            "Account|a#1@1 (1, node-a)", "Account|a#2@1 (1, node-a)", "Account|a#3@1 (1, node-a)",
            "Account|a#4@1 (1, node-a)", "Account|a#5@2 (2, node-b)");
    assertThat(store.tip(PID)).isEqualTo(new LogTip(5, E2));
    assertThat(taggedTexts("blue"))
        .containsExactly(
            "1:Account|a#1@1", "2:Account|a#2@1", "3:Account|a#3@1", "4:Account|a#4@1",
            "6:Account|a#5@2");
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void severalWritesOfOnePersistenceIdInOneCallApplyInOrder() {
    write(TailWrite.of(PID, 0, replicated(PID, 1, 4, E1)));

    write(
        TailWrite.of(PID, 4, replicated(PID, 5, 6, E1)),
        TailWrite.of(PID, 5, replicated(PID, 6, 7, E2)),
        TailWrite.truncation(PID, 6));

    assertThat(texts(PID))
        .containsExactly(
            "Account|a#1@1 (1, node-a)", "Account|a#2@1 (1, node-a)", "Account|a#3@1 (1, node-a)",
            "Account|a#4@1 (1, node-a)", "Account|a#5@1 (1, node-a)", "Account|a#6@2 (2, node-b)");
    assertThat(store.tip(PID)).isEqualTo(new LogTip(6, E2));

    write(TailWrite.of(PID, 6, List.of()), TailWrite.of(PID, 2, replicated(PID, 3, 3, E2)));

    assertThat(replaySequenceNrs(store, PID)).containsExactly(1L, 2L, 3L);
    assertThat(store.tip(PID)).isEqualTo(new LogTip(3, E2));
  }

  @Test
  void aLaterWriteOfTheSameCallMayNotSkipPastAnEarlierOne() {
    CompletableFuture<Void> result =
        store.writeTails(
            List.of(
                TailWrite.of(PID, 0, replicated(PID, 1, 2, E1)),
                TailWrite.of(PID, 3, replicated(PID, 4, 4, E1))));

    assertThatThrownBy(result::join)
        .cause()
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("leaves a gap");
    assertThat(store.tip(PID)).isEqualTo(LogTip.EMPTY);
  }

  @Test
  void tipsAreListedPerShardAndSurviveDeletesAndRestarts() {
    String other = "Account|b";
    while (store.shardOf(other) == store.shardOf(PID)) {
      other = other + "x";
    }
    String sameShard = "Order|a"; // the shard comes from the entity id "a", not the type
    write(
        TailWrite.of(PID, 0, replicated(PID, 1, 5, E1)),
        TailWrite.of(sameShard, 0, replicated(sameShard, 1, 1, E2)),
        TailWrite.of(other, 0, replicated(other, 1, 2, E2)));
    store.append(events("Plain|a", 1, 2)).join();

    store.deleteEventsTo(PID, 5).join();
    reopen();

    assertThat(store.tips(store.shardOf(PID)))
        .containsOnly(
            java.util.Map.entry(PID, new LogTip(5, E1)),
            java.util.Map.entry(sameShard, new LogTip(1, E2)),
            java.util.Map.entry("Plain|a", new LogTip(2, Epoch.NONE)));
    assertThat(store.tips(store.shardOf(other))).containsOnly(java.util.Map.entry(other, new LogTip(2, E2)));
    assertThat(store.highestSequenceNr(PID)).isEqualTo(5);
    assertThat(replaySequenceNrs(store, PID)).isEmpty();
    assertThat(store.epochOf(PID, 5)).as("the event is deleted, its tip is not").isEmpty();
  }

  @Test
  void truncatingToADeletedEventRecordsNoEpoch() {
    write(TailWrite.of(PID, 0, replicated(PID, 1, 3, E1)));
    store.deleteEventsTo(PID, 2).join();

    write(TailWrite.truncation(PID, 2));

    assertThat(store.tip(PID)).isEqualTo(new LogTip(2, Epoch.NONE));
    assertThat(replaySequenceNrs(store, PID)).isEmpty();
  }

  @Test
  void epochsAndTipsSurviveARestart() {
    write(TailWrite.of(PID, 0, replicated(PID, 1, 2, E1)), TailWrite.of(PID, 2, replicated(PID, 3, 3, E2)));
    reopen();

    assertThat(texts(PID))
        .containsExactly(
            "Account|a#1@1 (1, node-a)", "Account|a#2@1 (1, node-a)", "Account|a#3@2 (2, node-b)");
    assertThat(store.tip(PID)).isEqualTo(new LogTip(3, E2));

    write(TailWrite.of(PID, 3, replicated(PID, 4, 4, E2)));
    assertThat(store.tip(PID)).isEqualTo(new LogTip(4, E2));
  }

  @Test
  void readReturnsAtMostMaxEventsFromTheGivenSequenceNumber() {
    write(TailWrite.of(PID, 0, replicated(PID, 1, 10, E1)));
    store.deleteEventsTo(PID, 3).join();

    assertThat(store.read(PID, 2, 3)).extracting(ReplicatedEvent::sequenceNr).containsExactly(4L, 5L, 6L);
    assertThat(store.read(PID, 9, 100)).extracting(ReplicatedEvent::sequenceNr).containsExactly(9L, 10L);
    assertThat(store.read(PID, 11, 100)).isEmpty();
    assertThat(store.read("Account|nobody", 1, 100)).isEmpty();
  }

  @Test
  void plainAppendsRaiseTheTipWithNoEpoch() {
    store.append(events(PID, 1, 3)).join();

    assertThat(store.tip(PID)).isEqualTo(new LogTip(3, Epoch.NONE));
    assertThat(store.epochOf(PID, 1)).contains(Epoch.NONE);
    write(TailWrite.of(PID, 3, replicated(PID, 4, 4, E1)));
    assertThat(store.tip(PID)).isEqualTo(new LogTip(4, E1));
  }
}
