package dev.atoll.failover.internal;

import dev.atoll.failover.FailoverSettings;
import dev.atoll.failover.ShardConfig;
import dev.atoll.journal.AtollJournalStorage;
import dev.atoll.journal.spi.Epoch;
import dev.atoll.journal.spi.LogTip;
import dev.atoll.journal.spi.TailWrite;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * One attempt of this node to become a shard's primary in a new epoch: the failover path of
 * ARCHITECTURE.md with the rules of docs/adr/0001, over the network and the journal's storage.
 *
 * <ol>
 *   <li><b>Promises.</b> Ask every member to promise the new epoch ({@link Candidate}: a majority of
 *       the members, and the promise quorum of the latest established replica set).
 *   <li><b>Read repair.</b> For each persistence id, copy the most up-to-date log among the
 *       promisers (later epoch first, then longer) into the local store, replacing a divergent
 *       local tail.
 *   <li><b>Fill the backups.</b> Bring the new replica set's backups up to the repaired log until a
 *       write quorum holds it.
 *   <li><b>Commit.</b> Ask every member to record the epoch as established; a majority must.
 * </ol>
 *
 * Only then may entities of the shard recover and write here. The attempt fails with a {@link
 * Failed} saying why (superseded by a newer epoch, or too few answers) and the caller retries.
 */
final class Promotion {

  /** Why an attempt did not establish its epoch. */
  static final class Failed extends RuntimeException {
    final Epoch superseded;

    Failed(String reason, Epoch superseded) {
      super(reason, null, false, false);
      this.superseded = superseded;
    }
  }

  /** An established epoch: its config, the log tips it starts from, the backups already complete. */
  record Outcome(ShardConfig config, Map<String, LogTip> tips, Set<String> completeBackups, int repairedEvents) {}

  private final int shard;
  private final String self;
  private final FailoverSettings settings;
  private final QuorumPolicy quorums;
  private final AtollJournalStorage storage;
  private final Topology topology;
  private final Scheduler scheduler;
  private final Executor blocking;
  private final AtomicInteger repaired = new AtomicInteger();

  Promotion(int shard, String self, FailoverSettings settings, AtollJournalStorage storage, Topology topology,
      Scheduler scheduler, Executor blocking) {
    this.shard = shard;
    this.self = self;
    this.settings = settings;
    this.quorums = new QuorumPolicy(settings.writeQuorum());
    this.storage = storage;
    this.topology = topology;
    this.scheduler = scheduler;
    this.blocking = blocking;
  }

  /** Runs one attempt for an epoch after {@code seen}. */
  CompletionStage<Outcome> run(Epoch seen) {
    List<String> members = topology.memberNames();
    List<String> replicas = topology.replicasWithSelfFirst(shard);
    if (!members.contains(self)) {
      return CompletableFuture.failedFuture(new Failed("this node is not an Up member of the cluster", Epoch.NONE));
    }
    Candidate candidate = new Candidate(self, replicas, seen, quorums, members);
    return promises(candidate, members)
        .thenComposeAsync(promised -> repair(promised), blocking)
        .thenComposeAsync(promised -> fillBackups(candidate.proposed(), promised), blocking)
        .thenCompose(complete -> commit(candidate.proposed(), members)
            .thenApplyAsync(ok -> new Outcome(candidate.proposed(), storage.tips(shard), complete, repaired.get()), blocking));
  }

  // ------------------------------------------------------------------------------ 1. promises

  /** What the promise round settled on: the promisers' tips and the repair source per log. */
  private record Promised(Candidate candidate, Map<String, String> repairSources, Map<String, Map<String, LogTip>> tips) {}

  private CompletionStage<Promised> promises(Candidate candidate, List<String> members) {
    CompletableFuture<Promised> settled = new CompletableFuture<>();
    List<CompletableFuture<?>> asks = new ArrayList<>();
    Map<String, Map<String, LogTip>> tips = new java.util.HashMap<>();
    for (String member : members) {
      CompletableFuture<Wire.PrepareReply> ask =
          AskPattern.<Wire.ToReplica, Wire.PrepareReply>ask(
                  topology.endpoint(member),
                  replyTo -> new Wire.Prepare(shard, candidate.proposed(), replyTo),
                  settings.promotionRoundTimeout(),
                  scheduler)
              .toCompletableFuture();
      asks.add(ask.thenAccept(reply -> {
        synchronized (candidate) {
          if (settled.isDone()) {
            return;
          }
          candidate.onReply(reply.promised()
              ? new Messages.Promise(reply.from(), reply.epoch(), reply.promisedBefore(), reply.committed(), reply.tips())
              : new Messages.Refusal(reply.from(), reply.epoch()));
          if (reply.promised()) {
            tips.put(reply.from(), reply.tips());
          }
          if (candidate.supersededBy().isPresent()) {
            settled.completeExceptionally(new Failed(
                "superseded: " + reply.from() + " promised the newer epoch " + candidate.supersededBy().get(),
                candidate.supersededBy().get()));
          } else if (candidate.isPromised()) {
            settled.complete(new Promised(candidate, candidate.repairSources(), Map.copyOf(tips)));
          }
        }
      }));
    }
    CompletableFuture.allOf(asks.stream().map(a -> a.exceptionally(e -> null)).toArray(CompletableFuture[]::new))
        .thenRun(() -> {
          synchronized (candidate) {
            if (settled.isDone()) {
              return;
            }
            if (settings.unsafePromotion() && tips.size() >= members.size() / 2 + 1) {
              settled.complete(new Promised(candidate, candidate.repairSources(), Map.copyOf(tips)));
            } else {
              settled.completeExceptionally(new Failed(unavailable(candidate, members, tips.keySet()), Epoch.NONE));
            }
          }
        });
    return settled;
  }

  private String unavailable(Candidate candidate, List<String> members, Set<String> promisers) {
    ShardConfig last = candidate.latestCommitted();
    String needs = "promises from a majority of the members " + members + " (" + (members.size() / 2 + 1) + ")";
    if (!last.isNone()) {
      needs += " and from " + quorums.promiseQuorum(last.replicas().size()) + " of epoch " + last.epoch()
          + "'s replicas " + last.replicas();
    }
    return "unavailable: " + needs + ", but only " + promisers + " promised within "
        + settings.promotionRoundTimeout().toMillis() + " ms (set atoll.failover.unsafe-promotion = on to promote anyway,"
        + " at the risk of losing acknowledged events)";
  }

  // ------------------------------------------------------------------------------ 2. read repair

  private CompletionStage<Promised> repair(Promised promised) {
    CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
    for (Map.Entry<String, String> source : promised.repairSources().entrySet()) {
      String pid = source.getKey();
      String from = source.getValue();
      if (from.equals(self)) {
        continue;
      }
      LogTip best = promised.tips().get(from).get(pid);
      chain = chain.thenComposeAsync(v -> {
        LogTip own = storage.tip(pid);
        return best.compareTo(own) > 0 ? fetch(pid, from, own.sequenceNr(), best) : CompletableFuture.completedFuture(null);
      }, blocking);
    }
    return chain.thenApply(v -> promised);
  }

  /** Copies {@code pid}'s log from {@code from} after our entry {@code after}, backing off on a mismatch. */
  private CompletionStage<Void> fetch(String pid, String from, long after, LogTip target) {
    Epoch afterEpoch = after == 0 ? Epoch.NONE : storage.epochOf(pid, after).orElse(Epoch.NONE);
    return AskPattern.<Wire.ToReplica, Wire.FetchReply>ask(
            topology.endpoint(from),
            replyTo -> new Wire.Fetch(pid, after, afterEpoch, settings.catchUpBatchSize(), replyTo),
            settings.promotionRoundTimeout(),
            scheduler)
        .thenComposeAsync(reply -> {
          if (!reply.matched()) {
            if (after == 0) {
              throw new Failed("read repair of " + pid + " from " + from + " found no common entry", Epoch.NONE);
            }
            return fetch(pid, from, after / 2, target); // our tail diverges: find the last shared entry
          }
          if (reply.events().isEmpty()) {
            return CompletableFuture.completedFuture(null);
          }
          return storage.writeTails(List.of(new TailWrite(pid, after, reply.events())))
              .thenComposeAsync(stored -> {
                repaired.addAndGet(reply.events().size());
                long reached = reply.events().get(reply.events().size() - 1).event().sequenceNr();
                return reached >= target.sequenceNr() ? CompletableFuture.<Void>completedFuture(null) : fetch(pid, from, reached, target);
              }, blocking);
        }, blocking);
  }

  // ------------------------------------------------------------------------------ 3. fill the backups

  private CompletionStage<Set<String>> fillBackups(ShardConfig config, Promised promised) {
    List<String> backups = config.replicas().subList(1, config.replicas().size());
    int needed = quorums.writeQuorum(config.replicas().size()) - 1;
    if (backups.isEmpty() || needed <= 0) {
      // Still fill them, but do not wait: the quorum is this node alone.
      backups.forEach(b -> sync(config, b, promised.tips().get(b)));
      return CompletableFuture.completedFuture(Set.of());
    }
    CompletableFuture<Set<String>> enough = new CompletableFuture<>();
    Set<String> complete = java.util.concurrent.ConcurrentHashMap.newKeySet();
    AtomicInteger finished = new AtomicInteger();
    for (String backup : backups) {
      sync(config, backup, promised.tips().get(backup)).whenComplete((ok, failure) -> {
        if (failure == null) {
          complete.add(backup);
        }
        if (complete.size() >= needed) {
          enough.complete(Set.copyOf(complete));
        } else if (finished.incrementAndGet() == backups.size()) {
          Throwable cause = failure instanceof java.util.concurrent.CompletionException c ? c.getCause() : failure;
          enough.completeExceptionally(cause instanceof Failed f ? f
              : new Failed("could not fill " + needed + " of the backups " + backups + " with the repaired log"
                  + (cause == null ? "" : " (" + cause.getMessage() + ")"), Epoch.NONE));
        }
      });
    }
    return enough;
  }

  private CompletionStage<Void> sync(ShardConfig config, String backup, Map<String, LogTip> knownTips) {
    BackupSync sync = new BackupSync(shard, config, self, backup, settings, storage, topology, scheduler, blocking);
    return knownTips == null ? sync.run(true) : sync.run(knownTips);
  }

  // ------------------------------------------------------------------------------ 4. commit

  private CompletionStage<Void> commit(ShardConfig config, List<String> members) {
    CompletableFuture<Void> established = new CompletableFuture<>();
    Set<String> committed = java.util.concurrent.ConcurrentHashMap.newKeySet();
    AtomicInteger answered = new AtomicInteger();
    int majority = members.size() / 2 + 1;
    for (String member : members) {
      AskPattern.<Wire.ToReplica, Wire.CommitReply>ask(
              topology.endpoint(member),
              replyTo -> new Wire.Commit(shard, config, replyTo),
              settings.promotionRoundTimeout(),
              scheduler)
          .whenComplete((reply, failure) -> {
            if (reply != null && !reply.committed() && reply.epoch().isAfter(config.epoch())) {
              established.completeExceptionally(new Failed(
                  "superseded while committing: " + reply.from() + " promised " + reply.epoch(), reply.epoch()));
            } else if (reply != null && reply.committed()) {
              committed.add(reply.from());
            }
            if (committed.size() >= majority) {
              established.complete(null);
            } else if (answered.incrementAndGet() == members.size()) {
              established.completeExceptionally(new Failed(
                  "only " + committed + " of the members " + members + " recorded the commit (needs " + majority + ")",
                  Epoch.NONE));
            }
          });
    }
    return established;
  }
}
