package dev.atoll.samples.chaos;

import static dev.atoll.samples.chaos.Operation.appendFailed;
import static dev.atoll.samples.chaos.Operation.appendOk;
import static dev.atoll.samples.chaos.Operation.appendUnknown;
import static dev.atoll.samples.chaos.Operation.invokeAppend;
import static dev.atoll.samples.chaos.Operation.invokeRead;
import static dev.atoll.samples.chaos.Operation.readOk;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atoll.samples.chaos.ReplicaDump.AcceptedWrite;
import dev.atoll.journal.spi.Epoch;
import dev.atoll.samples.chaos.ReplicaDump.StoredEvent;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The checker on hand-made histories: a correct run passes every invariant, and each broken run
 * is caught by exactly the invariant it breaks (a checker that cannot fail proves nothing).
 */
class HistoryCheckerTest {

  private static final String A = "Account|a";
  private static final Epoch E1 = new Epoch(1, "node-1");
  private static final Epoch E2 = new Epoch(2, "node-2");

  /** Client 1 appends v1, v2 to A (acknowledged); client 2 reads both afterwards. */
  private static List<Operation> goodHistory() {
    return new ArrayList<>(List.of(
        invokeAppend(1, A, "v1", 10), appendOk(1, A, "v1", 1, 20),
        invokeAppend(1, A, "v2", 30), appendOk(1, A, "v2", 2, 40),
        invokeRead(2, A, 50), readOk(2, A, List.of("v1", "v2"), 60)));
  }

  private static ReplicaDump replica(String node, StoredEvent... events) {
    return new ReplicaDump(node, Map.of(A, List.of(events)),
        List.of(new AcceptedWrite(3, A, 1, E1, E1), new AcceptedWrite(3, A, 2, E1, E1)));
  }

  private static List<ReplicaDump> goodReplicas() {
    return List.of(
        replica("node-1", new StoredEvent(1, "v1"), new StoredEvent(2, "v2")),
        replica("node-2", new StoredEvent(1, "v1"), new StoredEvent(2, "v2")));
  }

  private static Set<Invariant> failed(CheckReport report) {
    Set<Invariant> failed = EnumSet.noneOf(Invariant.class);
    report.verdicts().stream().filter(v -> !v.holds()).forEach(v -> failed.add(v.invariant()));
    return failed;
  }

  @Test
  void aCorrectRunPassesEveryInvariant() {
    CheckReport report = HistoryChecker.check(goodHistory(), goodReplicas());
    assertThat(failed(report)).isEmpty();
    assertThat(report.valid()).isTrue();
    assertThat(report.render()).contains("VERDICT: VALID");
  }

  @Test
  void catchesALostAcknowledgedEvent() {
    List<ReplicaDump> lost = List.of(replica("node-1", new StoredEvent(1, "v1")), replica("node-2", new StoredEvent(1, "v1")));
    List<Operation> history = goodHistory().subList(0, 4); // no read, so only storage is judged
    CheckReport report = HistoryChecker.check(history, lost);
    assertThat(failed(report)).containsExactly(Invariant.ACKNOWLEDGED_EVENTS_PRESENT);
    assertThat(report.verdict(Invariant.ACKNOWLEDGED_EVENTS_PRESENT).examples().get(0)).contains("v2").contains("no surviving replica");
    assertThat(report.render()).contains("VERDICT: INVALID");
  }

  @Test
  void catchesAReadThatMissesAnEventAcknowledgedBeforeItStarted() {
    List<Operation> history = goodHistory();
    history.add(invokeRead(3, A, 70));
    history.add(readOk(3, A, List.of("v1"), 80));
    CheckReport report = HistoryChecker.check(history, goodReplicas());
    assertThat(failed(report)).contains(Invariant.ACKNOWLEDGED_EVENTS_PRESENT);
  }

  @Test
  void catchesAnEventThatNoClientEverWrote() {
    List<ReplicaDump> phantom = List.of(
        replica("node-1", new StoredEvent(1, "v1"), new StoredEvent(2, "v2"), new StoredEvent(3, "ghost")));
    CheckReport report = HistoryChecker.check(goodHistory(), phantom);
    assertThat(failed(report)).containsExactly(Invariant.NO_PHANTOM_EVENTS);
  }

  @Test
  void catchesAStoredEventWhoseAppendWasReportedFailed() {
    List<Operation> history = goodHistory();
    history.add(invokeAppend(1, A, "v3", 90));
    history.add(appendFailed(1, A, "v3", 95));
    List<ReplicaDump> stored = List.of(
        replica("node-1", new StoredEvent(1, "v1"), new StoredEvent(2, "v2"), new StoredEvent(3, "v3")));
    CheckReport report = HistoryChecker.check(history, stored);
    assertThat(failed(report)).containsExactly(Invariant.NO_PHANTOM_EVENTS);
    assertThat(report.verdict(Invariant.NO_PHANTOM_EVENTS).examples().get(0)).contains("reported as failed");
  }

  @Test
  void anUnknownAppendMayOrMayNotBeStored() {
    List<Operation> history = goodHistory();
    history.add(invokeAppend(1, A, "v3", 90));
    history.add(appendUnknown(1, A, "v3", 95));
    List<ReplicaDump> stored = List.of(
        replica("node-1", new StoredEvent(1, "v1"), new StoredEvent(2, "v2"), new StoredEvent(3, "v3")));
    assertThat(HistoryChecker.check(history, stored).valid()).isTrue();
    assertThat(HistoryChecker.check(history, goodReplicas()).valid()).isTrue();
  }

  @Test
  void aValueRetriedAfterAnUnknownOutcomeCountsByItsMostTellingAttempt() {
    List<Operation> history = goodHistory();
    history.addAll(List.of(
        invokeAppend(1, A, "v3", 90), appendUnknown(1, A, "v3", 95),
        invokeAppend(1, A, "v3", 96), appendFailed(1, A, "v3", 97)));
    List<ReplicaDump> stored = List.of(
        replica("node-1", new StoredEvent(1, "v1"), new StoredEvent(2, "v2"), new StoredEvent(3, "v3")));
    assertThat(HistoryChecker.check(history, stored).valid()).as("stored by the unknown attempt").isTrue();

    List<Operation> acknowledgedOnRetry = goodHistory().subList(0, 4);
    acknowledgedOnRetry = new ArrayList<>(acknowledgedOnRetry);
    acknowledgedOnRetry.addAll(List.of(
        invokeAppend(1, A, "v3", 90), appendFailed(1, A, "v3", 95),
        invokeAppend(1, A, "v3", 96), appendOk(1, A, "v3", 3, 97)));
    assertThat(failed(HistoryChecker.check(acknowledgedOnRetry, goodReplicas())))
        .as("acknowledged on the retry, then lost").containsExactly(Invariant.ACKNOWLEDGED_EVENTS_PRESENT);
  }

  @Test
  void catchesAGapInSequenceNumbers() {
    List<ReplicaDump> gap = List.of(replica("node-1", new StoredEvent(1, "v1"), new StoredEvent(3, "v2")));
    CheckReport report = HistoryChecker.check(goodHistory().subList(0, 3), gap);
    assertThat(failed(report)).containsExactly(Invariant.CONTIGUOUS_SEQUENCE_NUMBERS);
  }

  @Test
  void catchesAnEventStoredTwice() {
    List<ReplicaDump> twice = List.of(
        replica("node-1", new StoredEvent(1, "v1"), new StoredEvent(2, "v2"), new StoredEvent(3, "v2")));
    CheckReport report = HistoryChecker.check(goodHistory(), twice);
    assertThat(failed(report)).containsExactly(Invariant.CONTIGUOUS_SEQUENCE_NUMBERS);
    assertThat(report.verdict(Invariant.CONTIGUOUS_SEQUENCE_NUMBERS).examples().get(0)).contains("twice");
  }

  @Test
  void catchesReplicasThatDisagreeOnASequenceNumber() {
    List<Operation> history = goodHistory();
    history.add(invokeAppend(4, A, "w2", 15));
    history.add(appendUnknown(4, A, "w2", 25));
    List<ReplicaDump> diverged = List.of(
        replica("node-1", new StoredEvent(1, "v1"), new StoredEvent(2, "v2")),
        replica("node-2", new StoredEvent(1, "v1"), new StoredEvent(2, "w2")));
    CheckReport report = HistoryChecker.check(history, diverged);
    assertThat(failed(report)).containsExactly(Invariant.REPLICAS_AGREE);
  }

  @Test
  void catchesAnEventThatVanishesFromALaterRead() {
    List<Operation> history = new ArrayList<>(List.of(
        invokeAppend(1, A, "v1", 10), appendUnknown(1, A, "v1", 20),
        invokeRead(2, A, 30), readOk(2, A, List.of("v1"), 40),
        invokeRead(3, A, 50), readOk(3, A, List.of(), 60)));
    CheckReport report = HistoryChecker.check(history, List.of());
    assertThat(failed(report)).containsExactlyInAnyOrder(
        Invariant.READS_ARE_MONOTONIC, Invariant.HIGHEST_SEQUENCE_NUMBER_NEVER_DECREASES);
  }

  @Test
  void concurrentReadsMayDisagree() {
    List<Operation> history = new ArrayList<>(List.of(
        invokeAppend(1, A, "v1", 10), appendUnknown(1, A, "v1", 20),
        invokeRead(2, A, 30), invokeRead(3, A, 35),
        readOk(2, A, List.of("v1"), 40), readOk(3, A, List.of(), 45)));
    assertThat(HistoryChecker.check(history, List.of()).valid()).isTrue();
  }

  @Test
  void catchesAHighestSequenceNumberThatDecreases() {
    // Reads disagree on content only through length: v1,v2 then v1 (v2 dropped) is caught by both
    // read invariants; a read that swaps content keeps length and is caught by monotonic reads.
    List<Operation> history = new ArrayList<>(List.of(
        invokeAppend(1, A, "v1", 1), appendUnknown(1, A, "v1", 2),
        invokeAppend(1, A, "v2", 3), appendUnknown(1, A, "v2", 4),
        invokeRead(2, A, 10), readOk(2, A, List.of("v1", "v2"), 20),
        invokeRead(2, A, 30), readOk(2, A, List.of("v1"), 40)));
    assertThat(failed(HistoryChecker.check(history, List.of())))
        .contains(Invariant.HIGHEST_SEQUENCE_NUMBER_NEVER_DECREASES);
  }

  @Test
  void catchesAWriteAcceptedFromAnOlderEpoch() {
    ReplicaDump zombieVictim = new ReplicaDump(
        "node-3",
        Map.of(A, List.of(new StoredEvent(1, "v1"), new StoredEvent(2, "v2"))),
        List.of(new AcceptedWrite(3, A, 1, E1, E1), new AcceptedWrite(3, A, 2, E1, E2)));
    CheckReport report = HistoryChecker.check(goodHistory(), List.of(zombieVictim));
    assertThat(failed(report)).containsExactly(Invariant.NO_STALE_EPOCH_WRITES);
    assertThat(report.verdict(Invariant.NO_STALE_EPOCH_WRITES).examples().get(0))
        .contains("from epoch (1, node-1) after promising (2, node-2)");
  }

  @Test
  void measuresUnavailabilityFromTheFirstFailedAttemptToTheNextSuccess() {
    List<Operation> history = List.of(
        invokeAppend(1, A, "v1", 0), appendOk(1, A, "v1", 1, 1_000_000_000L),
        invokeAppend(1, A, "v2", 2_000_000_000L), appendUnknown(1, A, "v2", 3_000_000_000L),
        invokeAppend(1, A, "v3", 3_500_000_000L), appendFailed(1, A, "v3", 4_000_000_000L),
        invokeAppend(1, A, "v4", 4_500_000_000L), appendOk(1, A, "v4", 3, 6_000_000_000L));
    UnavailabilityWindows windows = UnavailabilityWindows.of(history);
    assertThat(windows.windows()).hasSize(1);
    assertThat(windows.maxSeconds()).isEqualTo(4.0);
  }
}
