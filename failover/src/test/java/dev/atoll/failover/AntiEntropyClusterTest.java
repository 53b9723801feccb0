package dev.atoll.failover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atoll.framework.AtollNode;
import dev.atoll.journal.AtollJournalStorage;
import dev.atoll.journal.spi.Epoch;
import dev.atoll.journal.spi.JournalEvent;
import dev.atoll.journal.spi.LogTip;
import dev.atoll.journal.spi.ReplicatedEvent;
import dev.atoll.journal.spi.SerializedObject;
import dev.atoll.journal.spi.TailWrite;
import dev.atoll.sharding.Entities;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Anti-entropy on two nodes in this JVM: a backup that holds a shard's whole log is left alone by
 * most ticks, so a gap that no later write reveals (a write the backup never received, with no
 * write of that log after it) must be found by the full check every tenth tick.
 */
@ExtendWith(LogCapturingExtension.class)
class AntiEntropyClusterTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @RegisterExtension final LedgerNodes nodes = new LedgerNodes("atoll.failover.anti-entropy-interval = 100ms\n");

  @Test
  void aGapThatNoLaterWriteRevealsIsFilledByTheFullCheck() {
    AtollNode primaryNode = nodes.start("a");
    AtollNode backupNode = nodes.start("b");
    nodes.formCluster(TIMEOUT);
    List<CompletableFuture<?>> appends = new ArrayList<>();
    for (int entity = 0; entity < 32; entity++) {
      String id = "e" + entity;
      appends.add(Entities.get(primaryNode.system()).entityRefFor(Ledger.TYPE_NAME, id)
          .<Ledger.Values>ask(replyTo -> new Ledger.Append(id + "-v1", replyTo), TIMEOUT).toCompletableFuture());
    }
    CompletableFuture.allOf(appends.toArray(CompletableFuture[]::new)).join();

    TestProbe<Object> waiter = TestProbe.create(primaryNode.system());
    ShardStatus complete = waiter.awaitAssert(TIMEOUT, Duration.ofMillis(100), () -> {
      Optional<ShardStatus> found = Failover.get(primaryNode.system()).primaryShards().stream()
          .filter(status -> status.state().equals("established") && status.completeBackups() == 1)
          .findFirst();
      assertThat(found).as("a shard led by the first node with its backup complete").isPresent();
      return found.get();
    });

    // Events the backup never received, in the shard's current epoch, and no write after them.
    AtollJournalStorage primaryStorage = AtollJournalStorage.get(primaryNode.system());
    String pid = pidInShard(primaryStorage, complete.shard());
    primaryStorage.writeTails(List.of(TailWrite.of(pid, 0, events(pid, 3, complete.epoch())))).toCompletableFuture().join();

    AtollJournalStorage backupStorage = AtollJournalStorage.get(backupNode.system());
    waiter.awaitAssert(TIMEOUT, Duration.ofMillis(100), () -> {
      assertThat(backupStorage.tip(pid)).as("the backup's copy of %s", pid).isEqualTo(new LogTip(3, complete.epoch()));
      return null;
    });
    assertThat(backupStorage.read(pid, 1, 10)).isEqualTo(primaryStorage.read(pid, 1, 10));
  }

  private static String pidInShard(AtollJournalStorage storage, int shard) {
    for (int i = 0; ; i++) {
      String pid = Ledger.TYPE_NAME + "|gap-" + i;
      if (storage.shardOf(pid) == shard) {
        return pid;
      }
    }
  }

  private static List<ReplicatedEvent> events(String pid, int count, Epoch epoch) {
    List<ReplicatedEvent> events = new ArrayList<>();
    for (int sequenceNr = 1; sequenceNr <= count; sequenceNr++) {
      JournalEvent event = new JournalEvent(pid, sequenceNr, "writer-1", "", 1000L + sequenceNr,
          new SerializedObject(33, "", new byte[] {(byte) sequenceNr}), Optional.empty(), List.of());
      events.add(new ReplicatedEvent(event, epoch));
    }
    return events;
  }
}
