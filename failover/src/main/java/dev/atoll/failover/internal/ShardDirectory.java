package dev.atoll.failover.internal;

import dev.atoll.failover.ShardConfig;
import dev.atoll.journal.spi.Epoch;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Which shards this node serves as primary, and in which state: shared between the journal's
 * write path ({@link ShardReplicator}, any thread), the replica endpoint (which deposes a primary
 * when it promises another node's newer epoch) and the per-shard {@link ShardPrimary} actors that
 * establish epochs. Lock-free: each shard's entry is replaced atomically.
 */
public final class ShardDirectory {

  /** One shard's state on this node, as the management API shows it. */
  public record Status(
      int shard, String state, ShardConfig config, int completeBackups, boolean underReplicated, String detail) {}

  private static final class Entry {
    final ActorRef<ShardPrimary.Command> actor;
    volatile CompletableFuture<Void> recoverable = new CompletableFuture<>();
    volatile Established established;
    volatile Status status;

    Entry(ActorRef<ShardPrimary.Command> actor, int shard) {
      this.actor = actor;
      this.status = new Status(shard, "establishing", ShardConfig.none(), 0, false, "starting");
    }
  }

  private final String self;
  private final IntFunction<ActorRef<ShardPrimary.Command>> spawnPrimary;
  private final Map<Integer, Entry> entries = new ConcurrentHashMap<>();
  private final Map<Integer, ShardConfig> committed = new ConcurrentHashMap<>();
  private final Map<Integer, Epoch> latestSeen = new ConcurrentHashMap<>();
  private final RecentFailovers failovers = new RecentFailovers(RECENT_FAILOVERS);

  /** How many failovers, and how many planned moves, {@link #recentFailovers()} keeps. */
  static final int RECENT_FAILOVERS = 50;

  private final Predicate<String> reachableMember;

  /**
   * {@code reachableMember} tells whether a node (by name) is a member this node reaches: a shard
   * whose old primary still is one moved by plan rather than failed over.
   */
  ShardDirectory(String self, IntFunction<ActorRef<ShardPrimary.Command>> spawnPrimary, Predicate<String> reachableMember) {
    this.self = self;
    this.spawnPrimary = spawnPrimary;
    this.reachableMember = reachableMember;
  }

  /**
   * Completes once this node is the established primary of {@code shard}, starting its promotion
   * if nothing is under way.
   */
  CompletionStage<Void> awaitRecoverable(int shard) {
    return entry(shard).recoverable;
  }

  private Entry entry(int shard) {
    return entries.computeIfAbsent(shard, s -> new Entry(spawnPrimary.apply(s), s));
  }

  /** Whether this node serves {@code shard} as primary or is trying to (its primary actor runs). */
  boolean serves(int shard) {
    return entries.containsKey(shard);
  }

  /** The established epoch of {@code shard} on this node, if it is its primary now. */
  Optional<Established> established(int shard) {
    Entry entry = entries.get(shard);
    return entry == null ? Optional.empty() : Optional.ofNullable(entry.established);
  }

  /** Called by the shard's {@link ShardPrimary} when its epoch is established (writes may go on). */
  void establish(int shard, Established established) {
    Entry entry = entries.get(shard);
    entry.established = established;
    entry.recoverable.complete(null);
  }

  /** Called by the shard's {@link ShardPrimary} when it starts a new epoch (reconfiguration). */
  void reestablishing(int shard) {
    Entry entry = entries.get(shard);
    entry.established = null;
    if (entry.recoverable.isDone()) {
      entry.recoverable = new CompletableFuture<>();
    }
  }

  void status(int shard, Status status) {
    Entry entry = entries.get(shard);
    if (entry != null) {
      entry.status = status;
    }
  }

  /**
   * The replica endpoint promised {@code promised} for {@code shard}. If another node's newer
   * epoch supersedes the one this node serves, this node is deposed at once: no write of its epoch
   * is acknowledged any more (the backups refuse them too, this only fails them sooner).
   */
  void promisedElsewhere(int shard, ShardConfig promised) {
    Entry entry = entries.get(shard);
    seen(shard, promised.epoch());
    if (entry == null || promised.primary().equals(self)) {
      return;
    }
    entry.actor.tell(new ShardPrimary.Deposed(promised.epoch()));
  }

  /** A backup refused a write of {@code shard}: a newer epoch exists. */
  void refused(int shard, Epoch newer) {
    Entry entry = entries.get(shard);
    if (entry != null) {
      entry.actor.tell(new ShardPrimary.Deposed(newer));
    }
  }

  /** A backup lacks the entries some writes followed; the shard's primary sends them. */
  void mismatched(int shard, Wire.ReplicateReply reply) {
    Entry entry = entries.get(shard);
    if (entry != null) {
      entry.actor.tell(new ShardPrimary.BackupBehind(reply.from()));
    }
  }

  /** A backup could not store a write of {@code shard}; the primary catches it up on its next tick. */
  void backupWriteFailed(int shard, String backup) {
    Entry entry = entries.get(shard);
    if (entry != null) {
      entry.actor.tell(new ShardPrimary.BackupWriteFailed(backup));
    }
  }

  /** Forgets a shard whose primary actor stopped (deposed): a later recovery starts afresh. */
  void remove(int shard, ActorRef<ShardPrimary.Command> actor) {
    entries.computeIfPresent(shard, (s, entry) -> {
      if (!entry.actor.equals(actor)) {
        return entry;
      }
      entry.established = null;
      entry.recoverable.completeExceptionally(
          new IllegalStateException("shard " + s + " is no longer served by this node (" + self + ")"));
      return null;
    });
  }

  /** The replica endpoint recorded {@code config} as the latest established one of {@code shard}. */
  void committed(int shard, ShardConfig config) {
    if (!config.isNone()) {
      ShardConfig previous = committed.put(shard, config);
      seen(shard, config.epoch());
      if (previous != null && config.epoch().isAfter(previous.epoch())) {
        failovers.established(shard, previous, config, planned(previous), OptionalLong.empty(), Instant.now());
      }
    }
  }

  /** The latest established configuration of {@code shard} this node has recorded, or none. */
  ShardConfig committedConfig(int shard) {
    return committed.getOrDefault(shard, ShardConfig.none());
  }

  /**
   * This node's promotion established {@code next} for {@code shard} after {@code previous} (the
   * configuration this node had recorded when the promotion started), in {@code millis}.
   */
  void promoted(int shard, ShardConfig previous, ShardConfig next, long millis) {
    failovers.established(shard, previous, next, planned(previous), OptionalLong.of(millis), Instant.now());
  }

  private boolean planned(ShardConfig previous) {
    return !previous.isNone() && reachableMember.test(previous.primary());
  }

  /** The last failovers and planned moves (a shard's primary changed) this node learned of, newest first. */
  public List<RecentFailovers.Failover> recentFailovers() {
    return failovers.newestFirst();
  }

  /** The replica endpoint promised or recorded {@code epoch} for {@code shard}. */
  void seen(int shard, Epoch epoch) {
    latestSeen.merge(shard, epoch, (a, b) -> a.isAfter(b) ? a : b);
  }

  /**
   * The latest epoch of {@code shard} this node's endpoint has promised or recorded: a new
   * candidacy starts after it, instead of learning it from refusals one round later.
   */
  Epoch latestSeen(int shard) {
    return latestSeen.getOrDefault(shard, Epoch.NONE);
  }

  /** The latest established configuration of every shard this node has recorded, by shard number. */
  public SortedMap<Integer, ShardConfig> committedConfigs() {
    return new TreeMap<>(committed);
  }

  /** Every shard this node serves or tries to serve, by shard number. */
  public SortedMap<Integer, Status> statuses() {
    SortedMap<Integer, Status> result = new TreeMap<>();
    entries.forEach((shard, entry) -> result.put(shard, entry.status));
    return result;
  }
}
