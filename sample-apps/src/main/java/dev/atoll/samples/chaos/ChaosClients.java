package dev.atoll.samples.chaos;

import dev.atoll.samples.chaos.LedgerCluster.Outcome;
import dev.atoll.samples.chaos.LedgerCluster.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The chaos harness's clients: threads that append unique values to ledgers and read them back
 * through random nodes, recording every operation in a {@link History} as an invoke and then ok,
 * fail (no connection: certainly not applied) or unknown (an error answer or a timeout).
 *
 * <p>Each client owns its ledgers and has one operation in flight. A value whose append did not
 * succeed is tried again (appends are idempotent by value) before the next value, so each ledger's
 * values are attempted in one order. Appends go to any running node, faulty ones included (a
 * zombie or a cut-off node must not get them acknowledged); reads go only to nodes that are not
 * under a fault, because a node cut off from the others may answer from its memory, which Atoll
 * does not promise to prevent.
 */
public final class ChaosClients implements AutoCloseable {

  /** The share of operations that are reads. */
  private static final double READ_SHARE = 0.1;

  private final LedgerCluster cluster;
  private final History history;
  private final List<Thread> threads = new ArrayList<>();
  private final Set<Integer> faulty = ConcurrentHashMap.newKeySet();
  private final AtomicLong ok = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong unknown = new AtomicLong();
  private volatile boolean running = true;

  /** What one client knows about a ledger it owns. */
  private static final class OwnedLedger {
    final String id;
    final String persistenceId;
    String pending;
    int next;

    OwnedLedger(String id) {
      this.id = id;
      this.persistenceId = "Ledger|" + id;
    }
  }

  /** {@code clients} threads over {@code ledgers} ledgers; {@code seed} drives their random choices. */
  public ChaosClients(LedgerCluster cluster, History history, int clients, int ledgers, long seed) {
    this.cluster = cluster;
    this.history = history;
    for (int c = 0; c < clients; c++) {
      List<OwnedLedger> mine = new ArrayList<>();
      for (int l = c; l < ledgers; l += clients) {
        mine.add(new OwnedLedger("ledger-" + l));
      }
      int client = c;
      Random random = new Random(seed * 31 + c);
      Thread thread = new Thread(() -> run(client, mine, random), "chaos-client-" + c);
      thread.setDaemon(true);
      threads.add(thread);
    }
  }

  public void start() {
    threads.forEach(Thread::start);
  }

  /** Node {@code i} is under a fault: no reads through it until {@link #healthy}. */
  public void faulty(int i) {
    faulty.add(i);
  }

  public void healthy(int i) {
    faulty.remove(i);
  }

  public long ok() {
    return ok.get();
  }

  public long failed() {
    return failed.get();
  }

  public long unknown() {
    return unknown.get();
  }

  private void run(int client, List<OwnedLedger> ledgers, Random random) {
    while (running) {
      OwnedLedger ledger = ledgers.get(random.nextInt(ledgers.size()));
      boolean read = random.nextDouble() < READ_SHARE;
      int node = pickNode(random, read);
      if (node < 0) {
        pauseBriefly();
      } else if (read) {
        read(client, ledger, node);
      } else {
        append(client, ledger, node);
      }
    }
  }

  private void append(int client, OwnedLedger ledger, int node) {
    if (ledger.pending == null) {
      ledger.pending = ledger.id + "-v" + ledger.next++;
    }
    String value = ledger.pending;
    history.record(Operation.invokeAppend(client, ledger.persistenceId, value, System.nanoTime()));
    Reply reply = cluster.tryAppend(node, ledger.id, value);
    long now = System.nanoTime();
    if (reply.outcome() == Outcome.OK) {
      // The ledger answers with all its values: the appended one's position is its sequence number.
      history.record(Operation.appendOk(client, ledger.persistenceId, value, reply.values().indexOf(value) + 1L, now));
      ledger.pending = null;
      ok.incrementAndGet();
    } else if (reply.outcome() == Outcome.NOT_SENT) {
      history.record(Operation.appendFailed(client, ledger.persistenceId, value, now));
      failed.incrementAndGet();
      pauseBriefly();
    } else {
      history.record(Operation.appendUnknown(client, ledger.persistenceId, value, now));
      unknown.incrementAndGet();
    }
  }

  private void read(int client, OwnedLedger ledger, int node) {
    history.record(Operation.invokeRead(client, ledger.persistenceId, System.nanoTime()));
    Reply reply = cluster.tryRead(node, ledger.id);
    long now = System.nanoTime();
    if (reply.outcome() == Outcome.OK) {
      history.record(Operation.readOk(client, ledger.persistenceId, reply.values(), now));
      ok.incrementAndGet();
    } else {
      history.record(new Operation(client, reply.outcome() == Outcome.NOT_SENT ? Operation.Type.FAIL : Operation.Type.INFO,
          Operation.Kind.READ, ledger.persistenceId, java.util.Optional.empty(), java.util.Optional.empty(), List.of(), now));
      (reply.outcome() == Outcome.NOT_SENT ? failed : unknown).incrementAndGet();
    }
  }

  /** A random running node (for a read: one not under a fault), or -1 if there is none. */
  private int pickNode(Random random, boolean read) {
    List<Integer> candidates = new ArrayList<>();
    for (int i = 0; i < cluster.nodes().size(); i++) {
      if (cluster.isRunning(i) && !(read && faulty.contains(i))) {
        candidates.add(i);
      }
    }
    return candidates.isEmpty() ? -1 : candidates.get(random.nextInt(candidates.size()));
  }

  private static void pauseBriefly() {
    try {
      Thread.sleep(100); // back-off after a refused connection, so a restarting node is not hammered
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops the clients and waits for their last requests (each ends within its HTTP timeout). */
  @Override
  public void close() throws InterruptedException {
    running = false;
    for (Thread thread : threads) {
      thread.join(30_000);
    }
  }
}
