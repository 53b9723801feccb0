package dev.atoll.samples.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atoll.framework.ShardFunction;
import dev.atoll.journal.spi.Epoch;
import dev.atoll.samples.chaos.ReplicaReader.LogEntry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How a node's log, as its management endpoint lists it, becomes what the checker judges: values
 * found by payload hash, and an entry of an older epoch behind a newer one seen as a write
 * accepted from an older epoch.
 */
class ReplicaReaderTest {

  private static final String PID = "Ledger|a";
  private static final Epoch E1 = new Epoch(1, "node-0");
  private static final Epoch E2 = new Epoch(2, "node-1");
  private static final ShardFunction SHARDS = ShardFunction.of(256);

  private static List<Operation> history() {
    return List.of(
        Operation.invokeAppend(1, PID, "a-v0", 1), Operation.appendOk(1, PID, "a-v0", 1, 2),
        Operation.invokeAppend(1, PID, "a-v1", 3), Operation.appendOk(1, PID, "a-v1", 2, 4));
  }

  @Test
  void aLogWhoseEpochsNeverDecreaseHoldsEveryInvariant() {
    ReplicaDump dump = ReplicaReader.dump("node-0",
        Map.of(PID, List.of(new LogEntry(1, E1, "h0"), new LogEntry(2, E2, "h1"))),
        Map.of(PID, Map.of("h0", "a-v0", "h1", "a-v1")), SHARDS);
    assertThat(dump.events().get(PID)).extracting(ReplicaDump.StoredEvent::value).containsExactly("a-v0", "a-v1");
    assertThat(HistoryChecker.check(history(), List.of(dump)).valid()).isTrue();
  }

  @Test
  void anEntryOfAnOlderEpochBehindANewerOneIsCaughtAsAStaleEpochWrite() {
    ReplicaDump dump = ReplicaReader.dump("node-0",
        Map.of(PID, List.of(new LogEntry(1, E2, "h0"), new LogEntry(2, E1, "h1"))),
        Map.of(PID, Map.of("h0", "a-v0", "h1", "a-v1")), SHARDS);
    CheckReport report = HistoryChecker.check(history(), List.of(dump));
    assertThat(report.verdict(Invariant.NO_STALE_EPOCH_WRITES).holds()).isFalse();
    assertThat(report.verdict(Invariant.NO_STALE_EPOCH_WRITES).examples().get(0)).contains("from epoch (1, node-0) after promising (2, node-1)");
  }

  @Test
  void aPayloadNoClientWroteIsCaughtAsAPhantom() {
    ReplicaDump dump = ReplicaReader.dump("node-0",
        Map.of(PID, List.of(new LogEntry(1, E1, "h0"), new LogEntry(2, E1, "h1"), new LogEntry(3, E1, "ffff"))),
        Map.of(PID, Map.of("h0", "a-v0", "h1", "a-v1")), SHARDS);
    CheckReport report = HistoryChecker.check(history(), List.of(dump));
    assertThat(report.verdict(Invariant.NO_PHANTOM_EVENTS).holds()).isFalse();
    assertThat(report.verdict(Invariant.NO_PHANTOM_EVENTS).examples().get(0)).contains("<unknown payload ffff>");
  }

  @Test
  void readsEpochsAsTheManagementEndpointPrintsThem() {
    assertThat(ReplicaReader.epoch("(3, 127.0.0.2:2551)")).isEqualTo(new Epoch(3, "127.0.0.2:2551"));
    assertThat(ReplicaReader.epoch(Epoch.NONE.toString())).isEqualTo(Epoch.NONE);
  }

  @Test
  void fingerprintsAreStableAndTellValuesApart() {
    try (PayloadFingerprints fingerprints = new PayloadFingerprints()) {
      assertThat(fingerprints.of("a-v0")).isEqualTo(fingerprints.of("a-v0")).isNotEqualTo(fingerprints.of("a-v1"));
    }
  }
}
