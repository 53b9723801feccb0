package dev.atoll.failover.internal;

import dev.atoll.journal.spi.LogTip;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atoll.journal.spi.Epoch;
import dev.atoll.failover.ShardConfig;
import dev.atoll.failover.internal.Messages.Commit;
import dev.atoll.failover.internal.Messages.Committed;
import dev.atoll.failover.internal.Messages.Mismatch;
import dev.atoll.failover.internal.Messages.Prepare;
import dev.atoll.failover.internal.Messages.Promise;
import dev.atoll.failover.internal.Messages.Refusal;
import dev.atoll.failover.internal.Messages.Stored;
import dev.atoll.failover.internal.Messages.Write;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The single-replica rules of the protocol, one schedule each (the simulation mixes them). */
class ReplicaStateTest {

  private static final ShardConfig E1 = new ShardConfig(new Epoch(1, "a"), "a", List.of("a", "b", "c"));
  private static final ShardConfig E2 = new ShardConfig(new Epoch(2, "b"), "b", List.of("b", "c", "a"));

  private static Write<String> write(ShardConfig config, String pid, long previous, Epoch previousEpoch, long seq, String value) {
    return new Write<>(config.epoch(), config.primary(), pid, previous, previousEpoch, List.of(new LogEntry<>(seq, config.epoch(), value)));
  }

  @Test
  void promisesOnlyNewerEpochsAndRepeatsAPromiseToTheSameCandidate() {
    ReplicaState<String> replica = new ReplicaState<>("c");
    assertThat(replica.onPrepare(new Prepare(E2))).isInstanceOf(Promise.class);
    assertThat(replica.onPrepare(new Prepare(E1))).isEqualTo(new Refusal("c", E2.epoch()));
    assertThat(replica.onPrepare(new Prepare(E2))).isInstanceOf(Promise.class);
  }

  @Test
  void rejectsWriteFromStaleEpoch() {
    ReplicaState<String> replica = new ReplicaState<>("c");
    replica.onPrepare(new Prepare(E1));
    assertThat(replica.onWrite(write(E1, "p", 0, Epoch.NONE, 1, "x"))).isInstanceOf(Stored.class);
    replica.onPrepare(new Prepare(E2));
    assertThat(replica.onWrite(write(E1, "p", 1, E1.epoch(), 2, "y"))).isEqualTo(new Refusal("c", E2.epoch()));
    assertThat(replica.log("p")).extracting(LogEntry::event).containsExactly("x");
  }

  @Test
  void rejectsAWriteFromAnotherNodeClaimingThePromisedEpoch() {
    ReplicaState<String> replica = new ReplicaState<>("c");
    replica.onPrepare(new Prepare(E1));
    Write<String> impostor = new Write<>(E1.epoch(), "z", "p", 0, Epoch.NONE, List.of(new LogEntry<>(1, E1.epoch(), "x")));
    assertThat(replica.onWrite(impostor)).isInstanceOf(Refusal.class);
  }

  @Test
  void refusesToRecordACommitAfterPromisingANewerEpoch() {
    ReplicaState<String> replica = new ReplicaState<>("c");
    replica.onPrepare(new Prepare(E1));
    replica.onPrepare(new Prepare(E2));
    assertThat(replica.onCommit(new Commit(E1))).isEqualTo(new Refusal("c", E2.epoch()));
    assertThat(replica.committed().isNone()).isTrue();
    assertThat(replica.onCommit(new Commit(E2))).isEqualTo(new Committed("c", E2.epoch()));
    assertThat(replica.committed()).isEqualTo(E2);
  }

  @Test
  void asksForEarlierEntriesWhenItLacksTheOneAWriteBuildsOn() {
    ReplicaState<String> replica = new ReplicaState<>("c");
    replica.onPrepare(new Prepare(E1));
    assertThat(replica.onWrite(write(E1, "p", 3, E1.epoch(), 4, "d"))).isEqualTo(new Mismatch("c", "p", 0));
  }

  @Test
  void truncatesATailThatANewerEpochOverwrites() {
    ReplicaState<String> replica = new ReplicaState<>("c");
    replica.onPrepare(new Prepare(E1));
    replica.onWrite(write(E1, "p", 0, Epoch.NONE, 1, "x"));
    replica.onWrite(write(E1, "p", 1, E1.epoch(), 2, "unacknowledged"));
    replica.onPrepare(new Prepare(E2));
    assertThat(replica.onWrite(write(E2, "p", 1, E1.epoch(), 2, "y"))).isEqualTo(new Stored("c", "p", 2));
    assertThat(replica.log("p")).extracting(LogEntry::event).containsExactly("x", "y");
  }

  @Test
  void aRetriedWriteChangesNothing() {
    ReplicaState<String> replica = new ReplicaState<>("c");
    replica.onPrepare(new Prepare(E1));
    replica.onWrite(write(E1, "p", 0, Epoch.NONE, 1, "x"));
    assertThat(replica.onWrite(write(E1, "p", 0, Epoch.NONE, 1, "x"))).isEqualTo(new Stored("c", "p", 1));
    assertThat(replica.log("p")).hasSize(1);
  }

  @Test
  void quorumsOfAThreeMemberSetMeetEveryWriteQuorumAndEachOther() {
    for (int n = 1; n <= 7; n++) {
      for (int w = 0; w <= n; w++) {
        QuorumPolicy policy = new QuorumPolicy(w);
        int write = policy.writeQuorum(n);
        int promise = policy.promiseQuorum(n);
        assertThat(promise + write).as("P + W > n for n=%d, W=%d", n, write).isGreaterThan(n);
        assertThat(2 * promise).as("2P > n for n=%d, W=%d", n, write).isGreaterThan(n);
      }
    }
    assertThat(QuorumPolicy.majority().writeQuorum(3)).isEqualTo(2);
    assertThat(QuorumPolicy.majority().promiseQuorum(3)).isEqualTo(2);
  }

  @Test
  void epochsOrderByCounterThenNodeSoTwoCandidatesNeverShareOne() {
    assertThat(new Epoch(2, "a")).isGreaterThan(new Epoch(1, "z"));
    assertThat(new Epoch(2, "b")).isGreaterThan(new Epoch(2, "a"));
    assertThat(Epoch.NONE.next("a")).isEqualTo(new Epoch(1, "a"));
  }

  @Test
  void upToDateLogsCompareByEpochBeforeLength() {
    LogTip longOld = new LogTip(9, new Epoch(1, "a"));
    LogTip shortNew = new LogTip(3, new Epoch(2, "b"));
    assertThat(shortNew).isGreaterThan(longOld);
  }
}
