package dev.atoll.samples.chaos;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntPredicate;

/**
 * Clients of a {@link LedgerCluster}: writer threads that keep appending unique values to every
 * ledger through random running nodes, and the record of what was acknowledged. A value whose
 * append failed or timed out is retried (appends are idempotent by value) until acknowledged, so at
 * any moment each ledger has at most one value of unknown outcome.
 */
public final class LedgerDriver implements AutoCloseable {

  /** What the clients know about one ledger. Guarded by itself. */
  public static final class Ledger {
    public final String id;
    public final List<String> acknowledged = new ArrayList<>();
    String pending;
    int next;
    long lastAckNanos;

    Ledger(String id) {
      this.id = id;
    }
  }

  private final LedgerCluster cluster;
  private final Map<String, Ledger> ledgers = new LinkedHashMap<>();
  private final List<Thread> writers = new ArrayList<>();
  private final Set<Integer> unavailableNodes = ConcurrentHashMap.newKeySet();
  private volatile boolean running = true;

  public LedgerDriver(LedgerCluster cluster, int ledgerCount, int writerThreads) {
    this.cluster = cluster;
    for (int i = 0; i < ledgerCount; i++) {
      String id = "ledger-" + i;
      ledgers.put(id, new Ledger(id));
    }
    List<Ledger> all = new ArrayList<>(ledgers.values());
    for (int t = 0; t < writerThreads; t++) {
      List<Ledger> mine = new ArrayList<>();
      for (int i = t; i < all.size(); i += writerThreads) {
        mine.add(all.get(i));
      }
      Thread writer = new Thread(() -> write(mine), "ledger-writer-" + t);
      writer.setDaemon(true);
      writers.add(writer);
    }
  }

  public void start() {
    writers.forEach(Thread::start);
  }

  /** Stops sending to node {@code i} (it is about to be killed or paused). */
  public void avoid(int i) {
    unavailableNodes.add(i);
  }

  public void use(int i) {
    unavailableNodes.remove(i);
  }

  public Map<String, Ledger> ledgers() {
    return ledgers;
  }

  /** One append attempt for {@code ledger} through a random usable node. */
  public boolean appendOnce(Ledger ledger) {
    String value;
    synchronized (ledger) {
      if (ledger.pending == null) {
        ledger.pending = ledger.id + "-v" + ledger.next++;
      }
      value = ledger.pending;
    }
    Optional<List<String>> values = cluster.append(randomNode(i -> !unavailableNodes.contains(i) && cluster.isRunning(i)), ledger.id, value);
    if (values.isEmpty()) {
      return false;
    }
    synchronized (ledger) {
      if (value.equals(ledger.pending)) {
        ledger.acknowledged.add(value);
        ledger.pending = null;
        ledger.lastAckNanos = System.nanoTime();
      }
    }
    return true;
  }

  private int randomNode(IntPredicate usable) {
    List<Integer> candidates = new ArrayList<>();
    for (int i = 0; i < cluster.nodes().size(); i++) {
      if (usable.test(i)) {
        candidates.add(i);
      }
    }
    return candidates.get(ThreadLocalRandom.current().nextInt(candidates.size()));
  }

  private void write(List<Ledger> mine) {
    while (running) {
      for (Ledger ledger : mine) {
        if (!running) {
          return;
        }
        appendOnce(ledger);
      }
    }
  }

  /** Stops the writers and waits for their last requests. */
  @Override
  public void close() throws InterruptedException {
    running = false;
    for (Thread writer : writers) {
      writer.join(20_000);
    }
  }

  /** How many values of {@code ledger} were acknowledged so far. */
  public static int acknowledgedCount(Ledger ledger) {
    synchronized (ledger) {
      return ledger.acknowledged.size();
    }
  }

  /**
   * Checks one ledger as read from the cluster. Each ledger's values are attempted in a fixed
   * order ({@code <id>-v0}, {@code -v1}, ...), each retried until acknowledged before the next, so
   * the stored list must be exactly a prefix of that order: nothing twice, nothing never attempted,
   * nothing out of order, and at least the {@code acknowledgedBefore} values acknowledged before the
   * read was sent. Returns what is wrong, or empty.
   */
  public static Optional<String> violations(Ledger ledger, int acknowledgedBefore, List<String> stored) {
    int attempted;
    synchronized (ledger) {
      attempted = ledger.next;
    }
    for (int j = 0; j < stored.size(); j++) {
      if (!stored.get(j).equals(ledger.id + "-v" + j)) {
        return Optional.of(ledger.id + ": value " + j + " is " + stored.get(j) + ", expected " + ledger.id + "-v" + j
            + " (a duplicate, a value never attempted, or out of order): " + stored);
      }
    }
    if (stored.size() < acknowledgedBefore) {
      return Optional.of(ledger.id + ": " + acknowledgedBefore + " values were acknowledged but only " + stored.size()
          + " are stored: " + stored);
    }
    if (stored.size() > attempted) {
      return Optional.of(ledger.id + ": " + stored.size() + " values stored but only " + attempted + " attempted");
    }
    return Optional.empty();
  }
}
