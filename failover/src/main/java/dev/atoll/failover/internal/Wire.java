package dev.atoll.failover.internal;

import dev.atoll.failover.ShardConfig;
import dev.atoll.framework.AtollSerializable;
import dev.atoll.journal.spi.Epoch;
import dev.atoll.journal.spi.LogTip;
import dev.atoll.journal.spi.ReplicatedEvent;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The failover protocol's messages between nodes, serialized with Jackson CBOR (they implement
 * {@link AtollSerializable}). They carry the pure protocol of {@link Messages} plus what the
 * actors need to route them: the shard, a batch id, the actor to reply to.
 */
public final class Wire {

  private Wire() {}

  /** What a node's {@link ReplicaEndpoint} accepts. */
  public sealed interface ToReplica extends AtollSerializable
      permits Replicate, ReplicateAll, Prepare, Commit, GetTips, Fetch, ReplicaEndpoint.Internal {}

  /**
   * The primary of {@code epoch} asks a backup to store {@code writes} of {@code shard}. Each
   * {@link PidWrite} follows the entry {@code (afterSequenceNr, afterEpoch)}, which the backup must
   * hold (Raft's log matching).
   */
  public record Replicate(
      int shard, Epoch epoch, String primary, long batchId, List<PidWrite> writes, ActorRef<ReplicateAnswer> replyTo)
      implements ToReplica {}

  /**
   * Several {@link Replicate}s for one backup in one message: those of a journal write that spans
   * many shards and those of the writes committed with it ({@link BackupOutboxes}); one message
   * per part would multiply the per-message cost.
   */
  public record ReplicateAll(List<Replicate> parts) implements ToReplica {}

  /**
   * The events of one persistence id in a {@link Replicate}, contiguous from {@code afterSequenceNr
   * + 1}. {@code endsLog}: the primary's log ends with these events (catch-up only), so entries the
   * backup holds beyond them from an <em>older</em> epoch were never acknowledged and are dropped.
   */
  public record PidWrite(
      String persistenceId, long afterSequenceNr, Epoch afterEpoch, List<ReplicatedEvent> events, boolean endsLog)
      implements AtollSerializable {

    /** A live write: more may follow. */
    public static PidWrite live(String persistenceId, long afterSequenceNr, Epoch afterEpoch, List<ReplicatedEvent> events) {
      return new PidWrite(persistenceId, afterSequenceNr, afterEpoch, events, false);
    }
  }

  /**
   * What a backup sends back for {@link Replicate}s: one {@link ReplicateReply}, or the replies to
   * the parts of a {@link ReplicateAll} that share a reply-to actor, in one message.
   */
  public sealed interface ReplicateAnswer extends AtollSerializable permits ReplicateReply, ReplicateReplies {
    /** The replies this answer carries, one per {@link Replicate} answered. */
    List<ReplicateReply> replies();
  }

  /**
   * A backup's answer to {@link Replicate}. {@code stored}: every write not listed in
   * {@code mismatches} is durably stored. {@code refusedBy}: the backup promised a newer epoch
   * ({@link Epoch#NONE} if not refused).
   */
  public record ReplicateReply(
      int shard, long batchId, String from, boolean stored, Epoch refusedBy, List<PidMismatch> mismatches)
      implements ReplicateAnswer {
    @Override
    public List<ReplicateReply> replies() {
      return List.of(this);
    }
  }

  /**
   * The replies to several parts of one {@link ReplicateAll}: a backup that stores a burst's parts
   * together answers them together, instead of with one message per part.
   */
  public record ReplicateReplies(List<ReplicateReply> replies) implements ReplicateAnswer {
    public ReplicateReplies {
      replies = List.copyOf(replies);
    }
  }

  /** The backup does not hold the entry a write follows; {@code replicaTip} is where its log ends. */
  public record PidMismatch(String persistenceId, LogTip replicaTip) implements AtollSerializable {}

  /** A candidate asks for a promise of {@code proposed}. */
  public record Prepare(int shard, ShardConfig proposed, ActorRef<PrepareReply> replyTo) implements ToReplica {}

  /**
   * A member's answer to {@link Prepare}: a promise (with what it promised before, the latest
   * configuration it recorded as established and the tip of each of the shard's logs it holds), or a
   * refusal naming the newer epoch it promised ({@code epoch}).
   */
  public record PrepareReply(
      int shard,
      String from,
      boolean promised,
      Epoch epoch,
      ShardConfig promisedBefore,
      ShardConfig committed,
      Map<String, LogTip> tips)
      implements AtollSerializable {}

  /** The primary of {@code config} asks a member to record that its epoch is established. */
  public record Commit(int shard, ShardConfig config, ActorRef<CommitReply> replyTo) implements ToReplica {}

  /** A member's answer to {@link Commit}; when refused, {@code epoch} is the newer epoch it promised. */
  public record CommitReply(int shard, String from, boolean committed, Epoch epoch) implements AtollSerializable {}

  /** Asks a member for the tips of the shard's logs it holds and its promise. */
  public record GetTips(int shard, ActorRef<TipsReply> replyTo) implements ToReplica {}

  public record TipsReply(int shard, String from, ShardConfig promised, ShardConfig committed, Map<String, LogTip> tips)
      implements AtollSerializable {}

  /**
   * Read repair: asks a member for the events of {@code persistenceId} after the entry {@code
   * (afterSequenceNr, afterEpoch)}, at most {@code max}.
   */
  public record Fetch(String persistenceId, long afterSequenceNr, Epoch afterEpoch, int max, ActorRef<FetchReply> replyTo)
      implements ToReplica {}

  /**
   * The answer to {@link Fetch}: {@code matched} false if the member does not hold the entry the
   * fetch follows (the asker must start earlier); {@code tip} is where its log ends.
   */
  public record FetchReply(String persistenceId, boolean matched, LogTip tip, List<ReplicatedEvent> events)
      implements AtollSerializable {}
}
