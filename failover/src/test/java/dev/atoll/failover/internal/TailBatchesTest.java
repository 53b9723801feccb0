package dev.atoll.failover.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atoll.journal.spi.Epoch;
import dev.atoll.journal.spi.JournalEvent;
import dev.atoll.journal.spi.ReplicatedEvent;
import dev.atoll.journal.spi.SerializedObject;
import dev.atoll.journal.spi.TailWrite;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class TailBatchesTest {

  private static final Epoch EPOCH = new Epoch(3, "n1");

  private static TailWrite write(String pid, long after, int events) {
    List<ReplicatedEvent> stamped = LongStream.rangeClosed(after + 1, after + events)
        .mapToObj(seq -> new ReplicatedEvent(new JournalEvent(pid, seq, "w", "", 0L,
            new SerializedObject(1, "", new byte[] {(byte) seq}), Optional.empty(), List.of()), EPOCH))
        .toList();
    return new TailWrite(pid, after, stamped);
  }

  private static List<Long> sequenceNrs(TailWrite write) {
    return write.events().stream().map(e -> e.event().sequenceNr()).toList();
  }

  @Test
  void writesOfDifferentIdsShareOneCall() {
    List<List<TailWrite>> calls = TailBatches.of(List.of(write("a", 0, 2), write("b", 5, 1)));
    assertThat(calls).containsExactly(List.of(write("a", 0, 2), write("b", 5, 1)));
  }

  @Test
  void aWriteContinuingAnEarlierOneOfTheSameIdIsMergedIntoIt() {
    List<List<TailWrite>> calls = TailBatches.of(List.of(write("a", 4, 2), write("b", 0, 1), write("a", 6, 3)));
    assertThat(calls).hasSize(1);
    TailWrite merged = calls.get(0).get(0);
    assertThat(merged.persistenceId()).isEqualTo("a");
    assertThat(merged.afterSequenceNr()).isEqualTo(4);
    assertThat(sequenceNrs(merged)).containsExactly(5L, 6L, 7L, 8L, 9L);
    assertThat(calls.get(0).get(1)).isEqualTo(write("b", 0, 1));
  }

  @Test
  void aTruncationRightAfterAnEarlierWriteChangesNothing() {
    List<List<TailWrite>> calls = TailBatches.of(List.of(write("a", 0, 2), TailWrite.truncation("a", 2)));
    assertThat(calls).containsExactly(List.of(write("a", 0, 2)));
  }

  @Test
  void aWriteThatDoesNotContinueTheEarlierOneStartsTheNextCallInOrder() {
    // "a" from 2 replaces part of what the first write stores: it must see that write's result
    TailWrite first = write("a", 0, 4);
    TailWrite replacing = write("a", 2, 1);
    TailWrite other = write("b", 0, 1);
    List<List<TailWrite>> calls = TailBatches.of(List.of(first, other, replacing, write("b", 1, 1)));
    assertThat(calls).hasSize(2);
    assertThat(calls.get(0)).containsExactly(first, other);
    assertThat(calls.get(1)).containsExactly(replacing, write("b", 1, 1));
  }
}
