package dev.atoll.failover.internal;

import dev.atoll.journal.spi.LogTip;

import dev.atoll.journal.spi.Epoch;
import dev.atoll.failover.ShardConfig;
import java.util.List;
import java.util.Map;

/** The messages of the failover protocol for one shard, as pure values. */
public final class Messages {

  private Messages() {}

  /** A candidate asks a replica to promise {@code proposed.epoch()} and to describe its state. */
  public record Prepare(ShardConfig proposed) {}

  /** A replica's answer to {@link Prepare}. */
  public sealed interface PrepareReply permits Promise, Refusal {
    String from();
  }

  /**
   * The replica promised: it will accept nothing from an earlier epoch. It reports what it had
   * promised before, the latest configuration it saw established, and the tip of each log.
   */
  public record Promise(
      String from, Epoch epoch, ShardConfig promisedBefore, ShardConfig committed, Map<String, LogTip> tips)
      implements PrepareReply {
    public Promise {
      tips = Map.copyOf(tips);
    }
  }

  /** The replica already promised {@code promised}, which is not before the requested epoch. */
  public record Refusal(String from, Epoch promised) implements PrepareReply, WriteReply, CommitReply {}

  /**
   * The primary of {@code epoch} appends {@code entries} to {@code persistenceId}'s log after the
   * entry {@code (previousSequenceNr, previousEpoch)}, which the replica must hold (Raft's
   * consistency check; {@code previousSequenceNr = 0} means "from the start").
   */
  public record Write<E>(
      Epoch epoch,
      String primary,
      String persistenceId,
      long previousSequenceNr,
      Epoch previousEpoch,
      List<LogEntry<E>> entries) {
    public Write {
      entries = List.copyOf(entries);
    }
  }

  /** A replica's answer to {@link Write}. */
  public sealed interface WriteReply permits Stored, Mismatch, Refusal {
    String from();
  }

  /** The replica's log of {@code persistenceId} now matches the primary's up to {@code sequenceNr}. */
  public record Stored(String from, String persistenceId, long sequenceNr) implements WriteReply {}

  /**
   * The replica does not hold the previous entry; the primary must resend from earlier. {@code
   * highestSequenceNr} is where the replica's log ends (a hint where to back off to).
   */
  public record Mismatch(String from, String persistenceId, long highestSequenceNr) implements WriteReply {}

  /**
   * The primary of {@code config} asks a member to record that its epoch is established. A
   * majority of the cluster must accept before the primary serves anything.
   */
  public record Commit(ShardConfig config) {}

  /** A member's answer to {@link Commit}. */
  public sealed interface CommitReply permits Committed, Refusal {
    String from();
  }

  /** The member recorded the commit. */
  public record Committed(String from, Epoch epoch) implements CommitReply {}
}
