package dev.atoll.failover.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atoll.journal.spi.Epoch;
import dev.atoll.journal.spi.JournalEvent;
import dev.atoll.journal.spi.ReplicatedEvent;
import dev.atoll.journal.spi.SerializedObject;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class BackupOutboxesTest {

  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final Epoch EPOCH = new Epoch(1, "node-a");

  @AfterAll
  static void shutDown() {
    testKit.shutdownTestKit();
  }

  /** Runs what it was given only when the test says so. */
  private static final class HeldExecutor implements Executor {
    private final Queue<Runnable> tasks = new ArrayDeque<>();

    @Override
    public void execute(Runnable task) {
      tasks.add(task);
    }

    int runAll() {
      int ran = 0;
      Runnable task;
      while ((task = tasks.poll()) != null) {
        task.run();
        ran++;
      }
      return ran;
    }
  }

  private static Wire.Replicate part(long batchId, int payloadBytes) {
    JournalEvent event = new JournalEvent(
        "Account|a", batchId, "writer", "", 0, new SerializedObject(1, "", new byte[payloadBytes]), Optional.empty(), List.of());
    return new Wire.Replicate(
        7, EPOCH, "node-a", batchId,
        List.of(Wire.PidWrite.live("Account|a", batchId - 1, EPOCH, List.of(new ReplicatedEvent(event, EPOCH)))),
        testKit.<Wire.ReplicateAnswer>createTestProbe().getRef());
  }

  private static List<Long> batchIds(Wire.ToReplica message) {
    List<Wire.Replicate> parts = message instanceof Wire.ReplicateAll all ? all.parts() : List.of((Wire.Replicate) message);
    return parts.stream().map(Wire.Replicate::batchId).toList();
  }

  @Test
  void theWritesOfABurstGoToEachBackupInOneMessageInOrder() {
    HeldExecutor executor = new HeldExecutor();
    BackupOutboxes outboxes = new BackupOutboxes(executor);
    TestProbe<Wire.ToReplica> first = testKit.createTestProbe();
    TestProbe<Wire.ToReplica> second = testKit.createTestProbe();

    for (long id = 1; id <= 5; id++) {
      outboxes.send(first.getRef(), List.of(part(id, 10)));
      outboxes.send(second.getRef(), List.of(part(id, 10)));
    }
    assertThat(executor.runAll()).as("one send scheduled per backup").isEqualTo(2);

    assertThat(batchIds(first.receiveMessage())).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(batchIds(second.receiveMessage())).containsExactly(1L, 2L, 3L, 4L, 5L);
    first.expectNoMessage(Duration.ofMillis(50));

    // the next burst is the next message; a lone part goes as a plain Replicate
    outboxes.send(first.getRef(), List.of(part(6, 10)));
    executor.runAll();
    assertThat(first.receiveMessage()).isInstanceOf(Wire.Replicate.class);
  }

  @Test
  void aMessageIsCutAtThePartAndByteLimitsWithoutSplittingAPart() {
    HeldExecutor executor = new HeldExecutor();
    BackupOutboxes outboxes = new BackupOutboxes(executor);
    TestProbe<Wire.ToReplica> backup = testKit.createTestProbe();

    for (long id = 1; id <= BackupOutboxes.MAX_PARTS + 1; id++) {
      outboxes.send(backup.getRef(), List.of(part(id, 1)));
    }
    executor.runAll();
    assertThat(batchIds(backup.receiveMessage())).hasSize(BackupOutboxes.MAX_PARTS).startsWith(1L);
    assertThat(batchIds(backup.receiveMessage())).containsExactly((long) BackupOutboxes.MAX_PARTS + 1);

    int big = (int) (BackupOutboxes.MAX_BYTES * 2 / 3);
    outboxes.send(backup.getRef(), List.of(part(1_000, big), part(1_001, big), part(1_002, 10)));
    executor.runAll();
    assertThat(batchIds(backup.receiveMessage())).containsExactly(1_000L);
    assertThat(batchIds(backup.receiveMessage())).containsExactly(1_001L, 1_002L);
  }

  @Test
  void withARealExecutorEveryPartArrivesOnceAndInTheOrderItWasSent() {
    BackupOutboxes outboxes = new BackupOutboxes(ForkJoinPool.commonPool());
    TestProbe<Wire.ToReplica> backup = testKit.createTestProbe();
    int count = 20_000;
    for (long id = 1; id <= count; id++) {
      outboxes.send(backup.getRef(), List.of(part(id, 1)));
    }
    List<Long> received = new ArrayList<>();
    int messages = 0;
    while (received.size() < count) {
      received.addAll(batchIds(backup.receiveMessage(Duration.ofSeconds(10))));
      messages++;
    }
    backup.expectNoMessage(Duration.ofMillis(100));
    assertThat(received).hasSize(count);
    for (int i = 0; i < count; i++) {
      assertThat(received.get(i)).isEqualTo(i + 1L);
    }
    assertThat(messages).as("parts were coalesced").isLessThan(count);
  }
}
