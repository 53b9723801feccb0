package dev.atoll.failover.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import dev.atoll.failover.FailoverSettings;
import dev.atoll.failover.ShardConfig;
import dev.atoll.framework.AtollNode;
import dev.atoll.journal.AtollJournalStorage;
import dev.atoll.journal.spi.Epoch;
import dev.atoll.journal.spi.JournalEvent;
import dev.atoll.journal.spi.LogTip;
import dev.atoll.journal.spi.ReplicatedEvent;
import dev.atoll.journal.spi.SerializedObject;
import dev.atoll.journal.spi.TailWrite;
import dev.atoll.sharding.ShardingSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The established primary's anti-entropy sync against a real backup endpoint on a second node:
 * a backup that missed the epoch's promise round and commit (it was away while they ran, and came
 * back into an unchanged replica set) is sent the commit again and then caught up, instead of
 * refusing every write of the epoch for ever; a backup that promised a newer epoch is left alone.
 */
class BackupSyncTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final String PID = "Ledger|missed-commit";

  @TempDir Path dataRoot;
  private AtollNode primaryNode;
  private AtollNode backupNode;
  private String primary;
  private String backup;
  private int shard;

  @BeforeEach
  void startTwoNodes() {
    primaryNode = start("primary");
    backupNode = start("backup");
    backupNode.join(primaryNode.selfAddress());
    primaryNode.join(primaryNode.selfAddress());
    primaryNode.awaitUp(TIMEOUT);
    backupNode.awaitUp(TIMEOUT);
    primary = FailoverExtension.get(primaryNode.system()).self();
    backup = FailoverExtension.get(backupNode.system()).self();
    shard = AtollJournalStorage.get(primaryNode.system()).shardOf(PID);
  }

  @AfterEach
  void stopNodes() {
    for (AtollNode node : List.of(primaryNode, backupNode)) {
      node.system().terminate();
      node.whenTerminated().toCompletableFuture().join();
    }
  }

  private AtollNode start(String name) {
    return AtollNode.start(ConfigFactory.parseString(
        "atoll.node { port = 0, data-dir = \"" + dataRoot.resolve(name) + "\" }\n"
            + "atoll.sharding { number-of-shards = 16, virtual-nodes = 64 }\n"
            + "atoll.management.enabled = off\n"
            + "pekko.persistence.journal.plugin = atoll.journal\n"
            + "pekko.persistence.snapshot-store.plugin = atoll.snapshot-store\n"));
  }

  @Test
  void aBackupThatMissedTheCommitOfTheEstablishedEpochIsCommittedAndCaughtUp() {
    ShardConfig before = new ShardConfig(new Epoch(16, primary), primary, List.of(primary, backup));
    ShardConfig established = new ShardConfig(new Epoch(17, primary), primary, List.of(primary, backup));
    promise(before);
    List<ReplicatedEvent> events = events(10, established.epoch());
    AtollJournalStorage.get(primaryNode.system()).writeTails(List.of(TailWrite.of(PID, 0, events))).toCompletableFuture().join();

    sync(established).toCompletableFuture().join();

    AtollJournalStorage backupStorage = AtollJournalStorage.get(backupNode.system());
    assertThat(backupStorage.tip(PID)).isEqualTo(new LogTip(10, established.epoch()));
    assertThat(backupStorage.read(PID, 1, 100)).isEqualTo(events);
    Wire.TipsReply state = tips();
    assertThat(state.promised()).as("the backup's promise").isEqualTo(established);
    assertThat(state.committed()).as("the backup's latest committed configuration").isEqualTo(established);
  }

  @Test
  void aBackupThatPromisedANewerEpochIsNotOverwritten() {
    ShardConfig stale = new ShardConfig(new Epoch(17, primary), primary, List.of(primary, backup));
    ShardConfig newer = new ShardConfig(new Epoch(18, backup), backup, List.of(backup, primary));
    promise(newer);
    AtollJournalStorage.get(primaryNode.system()).writeTails(List.of(TailWrite.of(PID, 0, events(3, stale.epoch()))))
        .toCompletableFuture().join();

    assertThatThrownBy(() -> sync(stale).toCompletableFuture().join()).hasCauseInstanceOf(Promotion.Failed.class)
        .hasMessageContaining("newer epoch " + newer.epoch());

    assertThat(AtollJournalStorage.get(backupNode.system()).tip(PID)).isEqualTo(LogTip.EMPTY);
    assertThat(tips().promised()).isEqualTo(newer);
  }

  private java.util.concurrent.CompletionStage<Void> sync(ShardConfig config) {
    FailoverSettings settings = FailoverSettings.fromConfig(primaryNode.system().settings().config());
    Topology topology = new Topology(primaryNode.system(),
        ShardingSettings.fromConfig(primaryNode.system().settings().config()).withReplicationFactor(settings.replicationFactor()));
    Executor blocking = primaryNode.system().dispatchers().lookup(DispatcherSelector.blocking());
    return new BackupSync(shard, config, primary, backup, settings, AtollJournalStorage.get(primaryNode.system()), topology,
        primaryNode.system().scheduler(), blocking).runEstablished(true);
  }

  /** Makes the backup's endpoint promise {@code config}, as a promise round of that epoch would. */
  private void promise(ShardConfig config) {
    TestProbe<Wire.PrepareReply> probe = TestProbe.create(backupNode.system());
    endpoint().tell(new Wire.Prepare(shard, config, probe.getRef()));
    assertThat(probe.expectMessageClass(Wire.PrepareReply.class, TIMEOUT).promised()).isTrue();
  }

  private Wire.TipsReply tips() {
    TestProbe<Wire.TipsReply> probe = TestProbe.create(backupNode.system());
    endpoint().tell(new Wire.GetTips(shard, probe.getRef()));
    return probe.expectMessageClass(Wire.TipsReply.class, TIMEOUT);
  }

  private org.apache.pekko.actor.typed.ActorRef<Wire.ToReplica> endpoint() {
    return FailoverExtension.get(backupNode.system()).endpoint().orElseThrow();
  }

  private static List<ReplicatedEvent> events(int count, Epoch epoch) {
    List<ReplicatedEvent> events = new ArrayList<>();
    for (int sequenceNr = 1; sequenceNr <= count; sequenceNr++) {
      JournalEvent event = new JournalEvent(PID, sequenceNr, "writer-1", "", 1000L + sequenceNr,
          new SerializedObject(33, "", new byte[] {(byte) sequenceNr}), Optional.empty(), List.of());
      events.add(new ReplicatedEvent(event, epoch));
    }
    return events;
  }
}
