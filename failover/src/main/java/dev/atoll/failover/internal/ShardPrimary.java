package dev.atoll.failover.internal;

import dev.atoll.failover.FailoverSettings;
import dev.atoll.failover.ShardConfig;
import dev.atoll.journal.AtollJournalStorage;
import dev.atoll.journal.spi.Epoch;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * This node's primary role for one shard, from the first recovery of one of its entities here
 * until another node's newer epoch deposes it: it runs {@link Promotion}s until one establishes an
 * epoch (retrying with backoff, and reporting why the shard is unavailable meanwhile), then keeps
 * the backups complete (anti-entropy every {@code anti-entropy-interval}, and at once when a backup
 * reports a gap), and starts a new epoch when the membership changes the shard's replica set.
 */
final class ShardPrimary {

  /** What the actor handles. */
  sealed interface Command
      permits Deposed, BackupBehind, BackupWriteFailed, Attempted, RetryNow, MembershipChanged, AntiEntropy, Synced {}

  /** Another node's newer epoch exists: stop serving the shard. */
  record Deposed(Epoch newer) implements Command {}

  /** A backup reported a gap in the live writes. */
  record BackupBehind(String backup) implements Command {}

  /**
   * A backup could not store a write (its disk is full, say), which may have completed with the
   * others: the backup is no longer complete. The next anti-entropy tick catches it up; not at
   * once, since every write to a failing backup reports this.
   */
  record BackupWriteFailed(String backup) implements Command {}

  record Attempted(Promotion.Outcome outcome, Throwable failure, Epoch tried) implements Command {}

  /** The backoff after a failed attempt is over: try again after {@code seen}. */
  record RetryNow(Epoch seen) implements Command {}

  record MembershipChanged(ClusterEvent.MemberEvent event) implements Command {}

  enum AntiEntropy implements Command { TICK }

  /**
   * A sync of {@code backup} in {@code epoch}, started at {@code startedNanos} ({@link
   * System#nanoTime()}), ended: it is complete unless {@code failure} is set.
   */
  record Synced(String backup, Epoch epoch, long startedNanos, Throwable failure) implements Command {}

  private enum Retry { KEY }

  static Behavior<Command> create(int shard, String self, FailoverSettings settings, AtollJournalStorage storage,
      Topology topology, ShardDirectory directory, Executor blocking) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      ActorRef<ClusterEvent.MemberEvent> events = context.messageAdapter(ClusterEvent.MemberEvent.class, MembershipChanged::new);
      Cluster.get(context.getSystem()).subscriptions().tell(Subscribe.create(events, ClusterEvent.MemberEvent.class));
      Role role = new Role(context, timers, shard, self, settings, storage, topology, directory, blocking);
      role.attempt(directory.latestSeen(shard));
      return role.behavior();
    }));
  }

  private static final class Role {
    private final ActorContext<Command> context;
    private final TimerScheduler<Command> timers;
    private final int shard;
    private final String self;
    private final FailoverSettings settings;
    private final AtollJournalStorage storage;
    private final Topology topology;
    private final ShardDirectory directory;
    private final Executor blocking;

    private ShardConfig config = ShardConfig.none();
    /** When membership last changed; long enough ago that a primary starting up need not wait. */
    private long lastMembershipChange = System.nanoTime() - Duration.ofDays(1).toNanos();
    private boolean established;
    private boolean attempting;
    private int failedAttempts;
    private long attemptStarted;
    /** When the first of the attempts that have failed since the last established epoch started. */
    private long establishingSince;
    private ShardConfig configBeforeAttempt = ShardConfig.none();
    /** The newest epoch another node was promised while our attempt ran (Deposed meanwhile). */
    private Epoch newestSeenWhileAttempting = Epoch.NONE;
    private final Set<String> completeBackups = new HashSet<>();
    /**
     * Complete backups whose logs the next tick compares all the same: a membership change may
     * mean one restarted and missed writes while it was down.
     */
    private final Set<String> recheck = new HashSet<>();
    private final Set<String> syncing = new HashSet<>();
    /** Per backup, why its last sync failed, so that a failure repeated every tick is logged once. */
    private final Map<String, String> lastSyncFailure = new HashMap<>();
    private long ticks;

    Role(ActorContext<Command> context, TimerScheduler<Command> timers, int shard, String self, FailoverSettings settings,
        AtollJournalStorage storage, Topology topology, ShardDirectory directory, Executor blocking) {
      this.context = context;
      this.timers = timers;
      this.shard = shard;
      this.self = self;
      this.settings = settings;
      this.storage = storage;
      this.topology = topology;
      this.directory = directory;
      this.blocking = blocking;
    }

    Behavior<Command> behavior() {
      return Behaviors.receive(Command.class)
          .onMessage(Attempted.class, this::onAttempted)
          .onMessage(Deposed.class, this::onDeposed)
          .onMessage(MembershipChanged.class, this::onMembershipChanged)
          .onMessageEquals(AntiEntropy.TICK, this::onAntiEntropy)
          .onMessage(BackupBehind.class, behind -> {
            sync(behind.backup(), true);
            return Behaviors.same();
          })
          .onMessage(BackupWriteFailed.class, failed -> {
            if (completeBackups.remove(failed.backup())) {
              publishStatus("established", "");
            }
            return Behaviors.same();
          })
          .onMessage(Synced.class, this::onSynced)
          .build();
    }

    void attempt(Epoch seen) {
      attempting = true;
      attemptStarted = System.nanoTime();
      if (failedAttempts == 0) {
        establishingSince = attemptStarted;
      }
      configBeforeAttempt = directory.committedConfig(shard);
      Promotion promotion = new Promotion(shard, self, settings, storage, topology, context.getSystem().scheduler(), blocking);
      context.pipeToSelf(promotion.run(seen), (outcome, failure) -> new Attempted(outcome, failure, seen));
    }

    private Behavior<Command> onAttempted(Attempted attempted) {
      attempting = false;
      if (attempted.failure() != null) {
        return retry(attempted);
      }
      Promotion.Outcome outcome = attempted.outcome();
      config = outcome.config();
      if (newestSeenWhileAttempting.isAfter(config.epoch())) {
        // Our attempt won its quorum before those replicas promised the newer epoch, so no
        // refusal told it; serving now would leave a primary that every backup refuses.
        return onDeposed(new Deposed(newestSeenWhileAttempting));
      }
      established = true;
      failedAttempts = 0;
      completeBackups.clear();
      completeBackups.addAll(outcome.completeBackups());
      List<String> backups = config.replicas().subList(1, config.replicas().size());
      int acksNeeded = new QuorumPolicy(settings.writeQuorum()).writeQuorum(config.replicas().size()) - 1;
      directory.establish(shard, Established.of(config, backups.stream().map(topology::endpoint).toList(), acksNeeded, outcome.tips()));
      long now = System.nanoTime();
      directory.promoted(shard, configBeforeAttempt, config, (now - establishingSince) / 1_000_000);
      context.getLog().info("shard {}: primary in epoch {} with replicas {} (promotion took {} ms, {} events repaired)",
          shard, config.epoch(), config.replicas(), (now - attemptStarted) / 1_000_000, outcome.repairedEvents());
      publishStatus("established", "");
      timers.startTimerWithFixedDelay(AntiEntropy.TICK, settings.antiEntropyInterval());
      // Members that came or went while the promotion ran were ignored: catch up with them now.
      reconfigureIfNeeded("membership changes during the promotion");
      return Behaviors.same();
    }

    private Behavior<Command> retry(Attempted attempted) {
      Throwable cause = attempted.failure() instanceof java.util.concurrent.CompletionException c ? c.getCause() : attempted.failure();
      failedAttempts++;
      Epoch seen = attempted.tried();
      String reason = cause == null ? "unknown" : cause.getMessage();
      if (cause instanceof Promotion.Failed failed && failed.superseded.isAfter(seen)) {
        seen = failed.superseded;
      }
      // Two candidates that supersede each other would otherwise retry in lockstep.
      long backoffMillis = Math.min(2000, 100L * failedAttempts) + ThreadLocalRandom.current().nextLong(100);
      if (failedAttempts == 1 || failedAttempts % 10 == 0) {
        context.getLog().warn("shard {}: not primary yet (attempt {}): {}", shard, failedAttempts, reason);
      }
      publishStatus(reason.startsWith("unavailable") ? "unavailable" : "establishing", reason);
      timers.startSingleTimer(Retry.KEY, new RetryNow(seen), Duration.ofMillis(backoffMillis));
      return Behaviors.receive(Command.class)
          .onMessage(RetryNow.class, retry -> {
            attempt(retry.seen());
            return behavior();
          })
          .onMessage(Deposed.class, this::onDeposed)
          .onMessage(MembershipChanged.class, m -> Behaviors.same())
          .onMessageEquals(AntiEntropy.TICK, () -> Behaviors.same())
          .onMessage(BackupBehind.class, b -> Behaviors.same())
          .onMessage(BackupWriteFailed.class, b -> Behaviors.same())
          .onMessage(Synced.class, s -> Behaviors.same())
          .build();
    }

    private Behavior<Command> onDeposed(Deposed deposed) {
      if (attempting) {
        // Our own attempt may learn of it from its refusals; if it wins anyway, it checks this.
        if (deposed.newer().isAfter(newestSeenWhileAttempting)) {
          newestSeenWhileAttempting = deposed.newer();
        }
        return Behaviors.same();
      }
      if (!deposed.newer().isAfter(config.epoch())) {
        return Behaviors.same(); // not newer than what we serve
      }
      context.getLog().info("shard {}: deposed, epoch {} supersedes our epoch {}", shard, deposed.newer(), config.epoch());
      directory.remove(shard, context.getSelf());
      return Behaviors.stopped();
    }

    private Behavior<Command> onMembershipChanged(MembershipChanged changed) {
      // Not at once: the anti-entropy tick reconfigures once membership has been quiet for a while.
      lastMembershipChange = System.nanoTime();
      recheck.addAll(completeBackups);
      return Behaviors.same();
    }

    /**
     * Starts a new epoch if the membership has changed the replica set this shard should have, once
     * membership has been quiet for {@code atoll.failover.reconfiguration-delay}. The old replica set still
     * reaches its write quorum with one backup gone, so nothing waits for this; doing it at once
     * would run a promotion for most shards of the cluster exactly when a crashed node's shards
     * need theirs.
     */
    private void reconfigureIfNeeded(String cause) {
      if (!established || attempting || System.nanoTime() - lastMembershipChange < settings.reconfigurationDelay().toNanos()) {
        return;
      }
      List<String> desired = topology.replicasWithSelfFirst(shard);
      if (!desired.equals(config.replicas())) {
        context.getLog().info("shard {}: replica set {} becomes {} after {}; starting a new epoch", shard, config.replicas(),
            desired, cause);
        established = false;
        timers.cancel(AntiEntropy.TICK);
        directory.reestablishing(shard);
        publishStatus("establishing", "replica set changing to " + desired);
        attempt(config.epoch());
      }
    }

    /**
     * Sends the backups that may lack something what they lack ({@link AntiEntropyRound} says
     * which). Each check reads the tips of the whole shard on both nodes: checking every backup on
     * every tick, also those that held everything, cost about 5% of the replicated journal's CPU
     * (benchmarks/RESULTS.md, 2026-12-07).
     */
    private Behavior<Command> onAntiEntropy() {
      reconfigureIfNeeded("a membership check");
      if (established) {
        List<String> backups = config.replicas().subList(1, config.replicas().size());
        AntiEntropyRound round = AntiEntropyRound.of(++ticks, backups, completeBackups, recheck);
        for (String backup : round.backups()) {
          sync(backup, round.full());
        }
      }
      return Behaviors.same();
    }

    private void sync(String backup, boolean includeLive) {
      if (!established || !syncing.add(backup)) {
        return;
      }
      Epoch epoch = config.epoch();
      BackupSync sync = new BackupSync(shard, config, self, backup, settings, storage, topology, context.getSystem().scheduler(), blocking);
      long started = System.nanoTime();
      context.pipeToSelf(sync.runEstablished(includeLive), (ok, failure) -> new Synced(backup, epoch, started, failure));
    }

    private Behavior<Command> onSynced(Synced synced) {
      syncing.remove(synced.backup());
      if (!synced.epoch().equals(config.epoch())) {
        return Behaviors.same();
      }
      Throwable failure = synced.failure() instanceof java.util.concurrent.CompletionException c ? c.getCause() : synced.failure();
      if (failure instanceof Promotion.Failed refused && refused.superseded.isAfter(config.epoch())) {
        // The backup promised a newer epoch: another node is the primary now. Live writes would
        // learn it from the backups' refusals, but a shard whose writes go to the new primary
        // sends none here, and this primary would stay, under-replicated, for ever.
        return onDeposed(new Deposed(refused.superseded));
      }
      boolean complete = synced.failure() == null;
      boolean changed = complete ? completeBackups.add(synced.backup()) : completeBackups.remove(synced.backup());
      if (changed) {
        publishStatus("established", "");
      }
      if (complete) {
        if (synced.startedNanos() - lastMembershipChange > 0) {
          recheck.remove(synced.backup()); // else membership changed during the sync: check again
        }
        lastSyncFailure.remove(synced.backup());
      } else {
        Throwable cause = synced.failure() instanceof java.util.concurrent.CompletionException c ? c.getCause() : synced.failure();
        // A backup that does not answer is down or unreachable, which membership logs already say,
        // for every shard it backs up: that is debug. Anything else (a refusal, a store that failed)
        // says why this shard stays under-replicated: a warning. Both once per backup and kind of
        // failure, since anti-entropy retries every interval.
        boolean silent = cause instanceof java.util.concurrent.TimeoutException;
        String kind = silent ? "no answer" : String.valueOf(cause);
        if (!kind.equals(lastSyncFailure.put(synced.backup(), kind))) {
          if (silent) {
            context.getLog().debug("shard {}: backup {} did not answer its catch-up in epoch {}", shard, synced.backup(), config.epoch());
          } else {
            context.getLog().warn("shard {}: could not bring backup {} up to date in epoch {}: {}", shard, synced.backup(), config.epoch(), kind);
          }
        }
      }
      return Behaviors.same();
    }

    private void publishStatus(String state, String detail) {
      boolean under = config.replicas().size() < settings.replicationFactor()
          || completeBackups.size() < config.replicas().size() - 1;
      directory.status(shard, new ShardDirectory.Status(shard, state, config, completeBackups.size(), under, detail));
    }
  }
}
