package dev.atoll.failover.internal;

import dev.atoll.journal.spi.ReplicatedEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Coalesces the live writes the primary sends to each backup. The journal completes a group
 * commit's writes one after another, and each write used to go to every backup as a message of its
 * own: under load about one message per event per backup, whose fixed cost in Artery (envelope,
 * encoding stage, framing, decoding, dispatch on the backup) was most of what replication cost.
 * Here each backup has an outbox: a write's parts are queued, and the first part queued into an
 * empty outbox schedules a send on {@code executor}, which takes everything queued by the time it
 * runs (the rest of the burst) as one {@link Wire.ReplicateAll}. Under load a commit's writes
 * travel in one or a few messages; a lone write waits one executor hand-off.
 *
 * <p>Order is kept: per backup there is one queue and at most one sender at a time (whoever wins
 * the {@code sending} flag), which tells the backup in queue order; the backup's endpoint relies
 * on getting each persistence id's writes in order. Nothing else changes: each part is still its
 * own {@link Wire.Replicate}, acknowledged on its own.
 *
 * <p>A message is cut at {@link #MAX_PARTS} parts or about {@link #MAX_BYTES} bytes of events,
 * well under Artery's default maximum frame (256 KiB), so coalescing never makes a message too
 * big to send; a single part is never split (the journal write alone decides its size).
 *
 * <p>One outbox per backup actor ever seen: a handful per node (a backup's endpoint gets a new ref
 * only when its node restarts).
 */
final class BackupOutboxes {

  static final int MAX_PARTS = 256;
  static final long MAX_BYTES = 96 * 1024;
  /** Roughly what a part costs on the wire beyond its events' payloads (ids, epochs, headers). */
  private static final int PART_OVERHEAD_BYTES = 64;
  private static final int EVENT_OVERHEAD_BYTES = 48;

  private final Executor executor;
  private final Map<ActorRef<Wire.ToReplica>, Outbox> outboxes = new ConcurrentHashMap<>();

  BackupOutboxes(Executor executor) {
    this.executor = executor;
  }

  /** Queues {@code parts} for {@code backup}; they go out, in this order, with whatever follows them. */
  void send(ActorRef<Wire.ToReplica> backup, List<Wire.Replicate> parts) {
    outboxes.computeIfAbsent(backup, Outbox::new).add(parts);
  }

  private final class Outbox {

    private final ActorRef<Wire.ToReplica> backup;
    private final ConcurrentLinkedQueue<Wire.Replicate> queued = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean sending = new AtomicBoolean();

    Outbox(ActorRef<Wire.ToReplica> backup) {
      this.backup = backup;
    }

    void add(List<Wire.Replicate> parts) {
      queued.addAll(parts);
      if (sending.compareAndSet(false, true)) {
        executor.execute(this::sendQueued);
      }
    }

    /** Runs with {@code sending} held; gives it up only when nothing is left for it. */
    private void sendQueued() {
      do {
        List<Wire.Replicate> message = new ArrayList<>();
        long bytes = 0;
        Wire.Replicate part;
        while ((part = queued.poll()) != null) {
          long size = estimatedBytes(part);
          if (!message.isEmpty() && (message.size() == MAX_PARTS || bytes + size > MAX_BYTES)) {
            tell(message);
            message = new ArrayList<>();
            bytes = 0;
          }
          message.add(part);
          bytes += size;
        }
        if (!message.isEmpty()) {
          tell(message);
        }
        sending.set(false);
        // a part queued after the last poll but before the flag was released found it held and
        // scheduled nothing: take it now, unless its own add already took the flag
      } while (!queued.isEmpty() && sending.compareAndSet(false, true));
    }

    private void tell(List<Wire.Replicate> message) {
      backup.tell(message.size() == 1 ? message.get(0) : new Wire.ReplicateAll(message));
    }
  }

  private static long estimatedBytes(Wire.Replicate part) {
    long bytes = PART_OVERHEAD_BYTES;
    for (Wire.PidWrite write : part.writes()) {
      bytes += PART_OVERHEAD_BYTES + write.persistenceId().length();
      for (ReplicatedEvent event : write.events()) {
        bytes += EVENT_OVERHEAD_BYTES + event.event().payload().bytes().length;
        if (event.event().metadata().isPresent()) {
          bytes += event.event().metadata().get().bytes().length;
        }
      }
    }
    return bytes;
  }
}
