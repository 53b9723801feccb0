package dev.atoll.failover.internal;

import dev.atoll.journal.spi.Epoch;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.Scheduler;
import scala.concurrent.ExecutionContext;

/**
 * The replicated writes waiting for their quorum. Each write of one shard gets an id; backups'
 * acknowledgements complete it once {@code acksNeeded} distinct backups stored it, a refusal from a
 * newer epoch fails it at once (the primary is fenced), and the write timeout fails it otherwise.
 * Thread-safe: writes are registered on the journal's acknowledgement thread and acknowledged by
 * the {@link AckCollector} actor.
 */
final class PendingWrites {

  /** A write that was not acknowledged because a newer epoch exists for its shard. */
  static final class FencedWriteException extends RuntimeException {
    FencedWriteException(int shard, Epoch epoch, Epoch newer, String by) {
      super("shard " + shard + ": the write of epoch " + epoch + " was refused by " + by
          + ", which promised the newer epoch " + newer + "; this node is no longer the shard's primary");
    }
  }

  /** A write whose quorum did not answer within the write timeout. */
  static final class ReplicationTimeoutException extends RuntimeException {
    ReplicationTimeoutException(int shard, Epoch epoch, Duration timeout, Set<String> acked, int needed) {
      super("shard " + shard + ": the write of epoch " + epoch + " was acknowledged by " + acked.size() + " of the "
          + needed + " backups it needs within " + timeout.toMillis() + " ms (acknowledged by " + acked
          + "); it may or may not be stored (atoll.failover.write-timeout)");
    }
  }

  private static final class Pending {
    final int shard;
    final Epoch epoch;
    final int acksNeeded;
    final Set<String> acked = new HashSet<>();
    final CompletableFuture<Void> done = new CompletableFuture<>();
    volatile Cancellable timeout;

    Pending(int shard, Epoch epoch, int acksNeeded) {
      this.shard = shard;
      this.epoch = epoch;
      this.acksNeeded = acksNeeded;
    }
  }

  private final AtomicLong ids = new AtomicLong();
  private final ConcurrentHashMap<Long, Pending> pending = new ConcurrentHashMap<>();
  private final Scheduler scheduler;
  private final ExecutionContext executor;
  private final Duration timeout;
  private final ShardDirectory directory;

  PendingWrites(Scheduler scheduler, ExecutionContext executor, Duration timeout, ShardDirectory directory) {
    this.scheduler = scheduler;
    this.executor = executor;
    this.timeout = timeout;
    this.directory = directory;
  }

  /** Registers a write of {@code shard} that needs {@code acksNeeded} backups; returns its id and future. */
  Registered register(int shard, Epoch epoch, int acksNeeded) {
    long id = ids.incrementAndGet();
    Pending write = new Pending(shard, epoch, acksNeeded);
    pending.put(id, write);
    write.timeout = scheduler.scheduleOnce(timeout, () -> expire(id), executor);
    return new Registered(id, write.done);
  }

  record Registered(long id, CompletableFuture<Void> done) {}

  private void expire(long id) {
    Pending write = pending.remove(id);
    if (write != null) {
      Set<String> acked;
      synchronized (write) {
        acked = Set.copyOf(write.acked);
      }
      write.done.completeExceptionally(
          new ReplicationTimeoutException(write.shard, write.epoch, timeout, acked, write.acksNeeded));
    }
  }

  void onReply(Wire.ReplicateReply reply) {
    if (!reply.mismatches().isEmpty()) {
      directory.mismatched(reply.shard(), reply);
    } else if (!reply.stored() && reply.refusedBy().equals(Epoch.NONE)) {
      // Also when the write completed without this backup: its copy now lacks the write.
      directory.backupWriteFailed(reply.shard(), reply.from());
    }
    Pending write = pending.get(reply.batchId());
    if (write == null) {
      return; // already complete, expired, or a catch-up write nobody waits for
    }
    if (reply.refusedBy().isAfter(write.epoch)) {
      if (pending.remove(reply.batchId(), write)) {
        write.timeout.cancel();
        write.done.completeExceptionally(new FencedWriteException(write.shard, write.epoch, reply.refusedBy(), reply.from()));
      }
      directory.refused(reply.shard(), reply.refusedBy());
      return;
    }
    if (!reply.stored() || !reply.mismatches().isEmpty()) {
      return; // this backup does not count; the others, or the timeout, decide
    }
    boolean complete;
    synchronized (write) {
      write.acked.add(reply.from());
      complete = write.acked.size() >= write.acksNeeded;
    }
    if (complete && pending.remove(reply.batchId(), write)) {
      write.timeout.cancel();
      write.done.complete(null);
    }
  }
}
