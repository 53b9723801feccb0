package dev.atoll.failover.internal;

import dev.atoll.failover.ShardConfig;
import dev.atoll.journal.AtollJournalStorage;
import dev.atoll.journal.spi.Epoch;
import dev.atoll.journal.spi.LogTip;
import dev.atoll.journal.spi.ReplicatedEvent;
import dev.atoll.journal.spi.TailWrite;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The replica side of the failover protocol on one node (one actor per node, at {@link #PATH}):
 * stores the writes of every shard this node backs up, answers promise rounds and commits for
 * every shard, and serves read repair and anti-entropy.
 *
 * <p>Every member answers for every shard, replica or not: a candidate needs promises from a
 * majority of the cluster's members (docs/adr/0001). The rules are those of {@link ReplicaState},
 * applied to the journal's storage instead of in-memory lists:
 *
 * <ol>
 *   <li>A promise or commit is stored (synced) before it is answered.
 *   <li>A write is accepted only from the promised epoch's primary, and acknowledged only if that
 *       is still so once it is stored: a write that was stored while a newer candidate's promise was
 *       being given is stored but never counted.
 *   <li>Log matching: a write is applied only after the entry it follows; an entry that conflicts
 *       (same sequence number, other epoch) is truncated with its tail; entries that match are
 *       never rewritten, so a late retry cannot erase newer acknowledged events.
 * </ol>
 *
 * <p>The hot path (a backup receiving the next events of its primary) costs no read: the endpoint
 * keeps the tip of each log it writes in memory. That cache is dropped for a shard whenever the
 * shard's promise changes, because while this node was the shard's primary its own journal wrote
 * the shard's logs without passing through here.
 */
public final class ReplicaEndpoint {

  /** The endpoint's name under {@code /system}. */
  public static final String NAME = "atoll-failover-replica";

  /** The endpoint's path relative to a node's address. */
  public static final String PATH = "/system/" + NAME;

  private ReplicaEndpoint() {}

  /** Messages the endpoint sends itself when a storage operation completes. */
  sealed interface Internal extends Wire.ToReplica permits WriteDone, StateStored {}

  /** The storing of one message's parts ended ({@code failure} empty: everything is durable). */
  record WriteDone(List<StoringPart> parts, Optional<Throwable> failure) implements Internal {}

  /** A part being stored: its mismatches to report, and the persistence ids it writes. */
  record StoringPart(Wire.Replicate request, List<Wire.PidMismatch> mismatches, List<String> written) {}

  record StateStored(int shard, Runnable send, Optional<Throwable> failure) implements Internal {}

  public static Behavior<Wire.ToReplica> create(AtollJournalStorage storage, String self, ShardDirectory directory) {
    return Behaviors.setup(context -> new Endpoint(context, storage, self, directory).behavior());
  }

  private static final class Endpoint {
    private final ActorContext<Wire.ToReplica> context;
    private final AtollJournalStorage storage;
    private final String self;
    private final ShardDirectory directory;
    private final Map<Integer, DurableShardState> states = new HashMap<>();
    private final Map<Integer, Map<String, LogTip>> tipCache = new HashMap<>();
    private final Map<String, Integer> writesInFlight = new HashMap<>();
    /** The latest write submitted for each persistence id, until it completes. */
    private final Map<String, CompletableFuture<Void>> pendingWrites = new HashMap<>();

    Endpoint(ActorContext<Wire.ToReplica> context, AtollJournalStorage storage, String self, ShardDirectory directory) {
      this.context = context;
      this.storage = storage;
      this.self = self;
      this.directory = directory;
      storage.shardStates().forEach((shard, bytes) -> {
        DurableShardState state = DurableShardState.decode(shard, bytes);
        states.put(shard, state);
        directory.committed(shard, state.committed());
        directory.seen(shard, state.promised().epoch());
      });
    }

    Behavior<Wire.ToReplica> behavior() {
      return Behaviors.receive(Wire.ToReplica.class)
          .onMessage(Wire.Replicate.class, request -> store(List.of(request)))
          .onMessage(Wire.ReplicateAll.class, all -> store(all.parts()))
          .onMessage(WriteDone.class, this::onWriteDone)
          .onMessage(Wire.Prepare.class, this::onPrepare)
          .onMessage(Wire.Commit.class, this::onCommit)
          .onMessage(StateStored.class, this::onStateStored)
          .onMessage(Wire.GetTips.class, this::onGetTips)
          .onMessage(Wire.Fetch.class, this::onFetch)
          .build();
    }

    private DurableShardState state(int shard) {
      return states.getOrDefault(shard, DurableShardState.initial());
    }

    // ---------------------------------------------------------------- writes

    /**
     * Stores the parts of one message (a {@link Wire.Replicate}, or the parts of a {@link
     * Wire.ReplicateAll}) together: their tail writes go to the journal in as few calls as keep
     * their meaning ({@link TailBatches}), and the parts are answered once all of it is durable,
     * one message per reply-to actor. Parts that need nothing stored (refused, or every event
     * already held and durable) are answered at once.
     */
    private Behavior<Wire.ToReplica> store(List<Wire.Replicate> parts) {
      Replies answeredNow = new Replies();
      List<StoringPart> storing = new ArrayList<>();
      List<TailWrite> writes = new ArrayList<>();
      List<CompletableFuture<Void>> awaited = new ArrayList<>();
      for (Wire.Replicate request : parts) {
        plan(request, answeredNow, storing, writes, awaited);
      }
      answeredNow.send();
      if (storing.isEmpty()) {
        return Behaviors.same();
      }
      CompletableFuture<Void> stored = writeTails(writes);
      for (StoringPart part : storing) {
        for (String pid : part.written()) {
          pendingWrites.put(pid, stored);
        }
      }
      awaited.add(stored);
      context.pipeToSelf(
          CompletableFuture.allOf(awaited.toArray(CompletableFuture[]::new)),
          (ok, failure) -> new WriteDone(storing, Optional.ofNullable(failure)));
      return Behaviors.same();
    }

    /**
     * Plans one part against the cached tips (which it advances): its tail writes join {@code
     * writes}; a part with something to wait for joins {@code storing}, any other is answered.
     */
    private void plan(Wire.Replicate request, Replies answeredNow, List<StoringPart> storing, List<TailWrite> writes,
        List<CompletableFuture<Void>> awaited) {
      ShardConfig promised = state(request.shard()).promised();
      if (!promised.epoch().equals(request.epoch()) || !promised.primary().equals(request.primary())) {
        answeredNow.add(request.replyTo(), refusedWrite(request, promised.epoch()));
        return;
      }
      Map<String, LogTip> tips = tipCache.computeIfAbsent(request.shard(), s -> new HashMap<>());
      List<String> written = new ArrayList<>();
      List<Wire.PidMismatch> mismatches = new ArrayList<>();
      List<CompletableFuture<Void>> heldElsewhere = new ArrayList<>();
      for (Wire.PidWrite write : request.writes()) {
        String pid = write.persistenceId();
        LogTip tip = tips.computeIfAbsent(pid, storage::tip);
        if (alreadyHeldInThisEpoch(write, request.epoch(), tip)) {
          // A catch-up of this epoch delivered these events before their live write arrived: they
          // are stored (or being stored) already; acknowledge once that earlier write is durable.
          CompletableFuture<Void> pending = pendingWrites.get(pid);
          if (pending != null) {
            heldElsewhere.add(pending);
          }
          continue;
        }
        Optional<TailWrite> tail = tailWrite(write, tip).map(t -> dropStaleTail(write, request.epoch(), tip, t));
        if (tail.isEmpty()) {
          mismatches.add(new Wire.PidMismatch(pid, tip));
        } else if (!tail.get().events().isEmpty() || tail.get().afterSequenceNr() < tip.sequenceNr()) {
          writes.add(tail.get());
          written.add(pid);
          List<ReplicatedEvent> events = tail.get().events();
          if (events.isEmpty()) {
            tips.remove(pid); // a pure truncation: read the new tip from the store once it is done
          } else {
            ReplicatedEvent last = events.get(events.size() - 1);
            tips.put(pid, new LogTip(last.event().sequenceNr(), last.epoch()));
          }
          writesInFlight.merge(pid, 1, Integer::sum);
        }
      }
      if (written.isEmpty() && heldElsewhere.isEmpty()) {
        answeredNow.add(request.replyTo(), new Wire.ReplicateReply(request.shard(), request.batchId(), self, true, Epoch.NONE, mismatches));
        return;
      }
      storing.add(new StoringPart(request, mismatches, written));
      awaited.addAll(heldElsewhere);
    }

    private CompletableFuture<Void> writeTails(List<TailWrite> writes) {
      if (writes.isEmpty()) {
        return CompletableFuture.completedFuture(null);
      }
      List<CompletableFuture<Void>> calls = new ArrayList<>();
      for (List<TailWrite> call : TailBatches.of(writes)) {
        calls.add(storage.writeTails(call).toCompletableFuture());
      }
      return calls.size() == 1 ? calls.get(0) : CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new));
    }

    /**
     * Whether every event of {@code write} is already in our log: our tip was written in the same
     * epoch at or beyond the write's last event, and log matching makes every entry up to a tip of
     * the current epoch equal to the primary's.
     */
    private static boolean alreadyHeldInThisEpoch(Wire.PidWrite write, Epoch epoch, LogTip tip) {
      List<ReplicatedEvent> events = write.events();
      return !events.isEmpty()
          && tip.epoch().equals(epoch)
          && tip.sequenceNr() >= events.get(events.size() - 1).event().sequenceNr();
    }

    /**
     * What to store for {@code write} given the local tip: the events after the last entry both
     * logs share, or empty if the log lacks the entry the write follows (a mismatch).
     */
    private Optional<TailWrite> tailWrite(Wire.PidWrite write, LogTip tip) {
      String pid = write.persistenceId();
      long after = write.afterSequenceNr();
      List<ReplicatedEvent> events = write.events();
      boolean followsTip = tip.sequenceNr() == after && (after == 0 || tip.epoch().equals(write.afterEpoch()));
      if (followsTip) {
        return Optional.of(new TailWrite(pid, after, events)); // the hot path: no read
      }
      if (tip.sequenceNr() < after || writesInFlight.getOrDefault(pid, 0) > 0) {
        // A gap, or a retry racing our own pending writes: let the primary send again from our tip.
        return Optional.empty();
      }
      if (after > 0 && !storage.epochOf(pid, after).map(write.afterEpoch()::equals).orElse(false)) {
        return Optional.empty();
      }
      for (ReplicatedEvent event : events) {
        long sequenceNr = event.event().sequenceNr();
        if (sequenceNr > tip.sequenceNr()) {
          return Optional.of(new TailWrite(pid, sequenceNr - 1, tail(events, sequenceNr)));
        }
        if (!storage.epochOf(pid, sequenceNr).map(event.epoch()::equals).orElse(false)) {
          // A tail no quorum acknowledged (written by a deposed primary): replace it.
          return Optional.of(new TailWrite(pid, sequenceNr - 1, tail(events, sequenceNr)));
        }
      }
      return Optional.of(new TailWrite(pid, tip.sequenceNr(), List.of())); // everything already stored
    }

    /**
     * For a catch-up write that ends the primary's log: if our log goes on beyond it with entries
     * of an older epoch, those were never acknowledged (the established primary holds every
     * acknowledged event), so the write truncates them. Entries of the current epoch beyond it are
     * live writes that overtook the catch-up, and stay.
     */
    private static TailWrite dropStaleTail(Wire.PidWrite write, Epoch current, LogTip tip, TailWrite planned) {
      if (!write.endsLog() || tip.epoch().equals(current)) {
        return planned;
      }
      long end = write.events().isEmpty()
          ? write.afterSequenceNr()
          : write.events().get(write.events().size() - 1).event().sequenceNr();
      if (tip.sequenceNr() <= end || !planned.events().isEmpty()) {
        return planned; // nothing beyond the primary's end, or the write already replaces our tail
      }
      return new TailWrite(write.persistenceId(), end, List.of());
    }

    private static List<ReplicatedEvent> tail(List<ReplicatedEvent> events, long fromSequenceNr) {
      return events.stream().filter(e -> e.event().sequenceNr() >= fromSequenceNr).toList();
    }

    private Behavior<Wire.ToReplica> onWriteDone(WriteDone done) {
      Replies replies = new Replies();
      for (StoringPart part : done.parts()) {
        Wire.Replicate request = part.request();
        for (String pid : part.written()) {
          writesInFlight.computeIfPresent(pid, (p, n) -> n == 1 ? null : n - 1);
          pendingWrites.computeIfPresent(pid, (p, pending) -> pending.isDone() ? null : pending);
        }
        if (done.failure().isPresent()) {
          // The store could not tell whether the write landed: forget the tips, never acknowledge.
          Map<String, LogTip> tips = tipCache.get(request.shard());
          if (tips != null) {
            part.written().forEach(tips::remove);
          }
          replies.add(request.replyTo(), new Wire.ReplicateReply(request.shard(), request.batchId(), self, false, Epoch.NONE, List.of()));
          continue;
        }
        Epoch promised = state(request.shard()).promised().epoch();
        if (!promised.equals(request.epoch())) {
          replies.add(request.replyTo(), refusedWrite(request, promised));
        } else {
          replies.add(request.replyTo(),
              new Wire.ReplicateReply(request.shard(), request.batchId(), self, true, Epoch.NONE, part.mismatches()));
        }
      }
      if (done.failure().isPresent()) {
        context.getLog().warn("could not store the writes of shards {}: {}",
            done.parts().stream().map(part -> part.request().shard()).distinct().sorted().toList(),
            done.failure().get().toString());
      }
      replies.send();
      return Behaviors.same();
    }

    private Wire.ReplicateReply refusedWrite(Wire.Replicate request, Epoch promised) {
      return new Wire.ReplicateReply(request.shard(), request.batchId(), self, false, promised, List.of());
    }

    // ---------------------------------------------------------------- promises and commits

    private Behavior<Wire.ToReplica> onPrepare(Wire.Prepare prepare) {
      int shard = prepare.shard();
      DurableShardState current = state(shard);
      ShardConfig proposed = prepare.proposed();
      if (!proposed.equals(current.promised()) && !proposed.epoch().isAfter(current.promised().epoch())) {
        prepare.replyTo().tell(
            new Wire.PrepareReply(shard, self, false, current.promised().epoch(), current.promised(), current.committed(), Map.of()));
        return Behaviors.same();
      }
      ShardConfig before = proposed.equals(current.promised()) ? current.committed() : current.promised();
      DurableShardState next = new DurableShardState(proposed, current.committed());
      changePromise(shard, next);
      storeThen(shard, next, () -> prepare.replyTo().tell(
          new Wire.PrepareReply(shard, self, true, proposed.epoch(), before, next.committed(), storage.tips(shard))));
      return Behaviors.same();
    }

    private Behavior<Wire.ToReplica> onCommit(Wire.Commit commit) {
      int shard = commit.shard();
      DurableShardState current = state(shard);
      ShardConfig config = commit.config();
      if (config.epoch().isBefore(current.promised().epoch())) {
        commit.replyTo().tell(new Wire.CommitReply(shard, self, false, current.promised().epoch()));
        return Behaviors.same();
      }
      ShardConfig committed = config.epoch().isAfter(current.committed().epoch()) ? config : current.committed();
      DurableShardState next = new DurableShardState(config, committed);
      if (!config.equals(current.promised())) {
        changePromise(shard, next);
      } else {
        states.put(shard, next);
      }
      directory.committed(shard, committed);
      storeThen(shard, next, () -> commit.replyTo().tell(new Wire.CommitReply(shard, self, true, config.epoch())));
      return Behaviors.same();
    }

    /** Takes the new promise into effect at once (older writes are refused from now on). */
    private void changePromise(int shard, DurableShardState next) {
      states.put(shard, next);
      tipCache.remove(shard);
      directory.promisedElsewhere(shard, next.promised());
    }

    private void storeThen(int shard, DurableShardState state, Runnable reply) {
      // Answering only once stored: a promise forgotten in a crash could be given twice.
      context.pipeToSelf(
          storage.putShardState(shard, state.encode()),
          (ok, failure) -> new StateStored(shard, reply, Optional.ofNullable(failure)));
    }

    private Behavior<Wire.ToReplica> onStateStored(StateStored stored) {
      if (stored.failure().isPresent()) {
        // Not durable, so not a promise: stay silent, the candidate will ask again.
        context.getLog().error("shard {}: could not store the failover state, not answering: {}", stored.shard(),
            stored.failure().get().toString());
      } else {
        stored.send().run();
      }
      return Behaviors.same();
    }

    // ---------------------------------------------------------------- reads

    private Behavior<Wire.ToReplica> onGetTips(Wire.GetTips get) {
      DurableShardState state = state(get.shard());
      get.replyTo().tell(new Wire.TipsReply(get.shard(), self, state.promised(), state.committed(), storage.tips(get.shard())));
      return Behaviors.same();
    }

    private Behavior<Wire.ToReplica> onFetch(Wire.Fetch fetch) {
      String pid = fetch.persistenceId();
      LogTip tip = storage.tip(pid);
      long after = fetch.afterSequenceNr();
      boolean matched = after == 0 || storage.epochOf(pid, after).map(fetch.afterEpoch()::equals).orElse(false);
      List<ReplicatedEvent> events = matched ? storage.read(pid, after + 1, fetch.max()) : List.of();
      fetch.replyTo().tell(new Wire.FetchReply(pid, matched, tip, events));
      return Behaviors.same();
    }

    /** Replies to send, gathered per reply-to actor so that each gets them in one message. */
    private static final class Replies {
      private final Map<ActorRef<Wire.ReplicateAnswer>, List<Wire.ReplicateReply>> byReplyTo = new LinkedHashMap<>();

      void add(ActorRef<Wire.ReplicateAnswer> replyTo, Wire.ReplicateReply reply) {
        byReplyTo.computeIfAbsent(replyTo, r -> new ArrayList<>()).add(reply);
      }

      void send() {
        byReplyTo.forEach((replyTo, replies) ->
            replyTo.tell(replies.size() == 1 ? replies.get(0) : new Wire.ReplicateReplies(replies)));
      }
    }
  }
}
