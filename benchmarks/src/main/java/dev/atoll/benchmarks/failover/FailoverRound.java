package dev.atoll.benchmarks.failover;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One failover round on a fresh {@link LedgerCluster}: start three nodes, wait until they formed a
 * cluster, append once to each of {@link #LEDGERS} ledgers (so every entity runs and about a third
 * live on each node), SIGKILL node {@link #VICTIM} and time, for each ledger it served, the SIGKILL
 * to the ledger's first acknowledged append through a surviving node. One prober thread per
 * ledger, retrying at once (the API answers 503 after 2 s), so no ledger waits for another.
 * Start-up and warm-up stay outside the measured times.
 */
final class FailoverRound {

  static final int LEDGERS = 300;
  /** The third node to start: not the oldest member, so the shard coordinator survives the kill. */
  static final int VICTIM = 2;

  private static final Duration FORMED = Duration.ofSeconds(180);
  private static final Duration FAILED_OVER = Duration.ofSeconds(180);

  /** Seconds from the SIGKILL to each affected ledger's first acknowledged append, sorted. */
  record Result(List<Double> seconds) {
    double median() {
      return seconds.get(seconds.size() / 2);
    }

    double max() {
      return seconds.get(seconds.size() - 1);
    }
  }

  /**
   * The cluster could not be set up (did not form, or not every ledger answered) before the kill:
   * nothing was measured, so the round may be tried again on a fresh cluster.
   */
  static final class SetUpFailed extends Exception {
    private static final long serialVersionUID = 1L;

    SetUpFailed(String message, Throwable cause) {
      super(message + ": " + cause.getMessage(), cause);
    }
  }

  private final LedgerApi api = new LedgerApi();

  Result run(LedgerCluster cluster, String round) throws Exception {
    List<String> affected;
    try {
      cluster.start();
      await(FORMED, "the three nodes to form a cluster (" + round + ")", cluster::formed, cluster);
      List<String> ledgers = new ArrayList<>();
      for (int i = 0; i < LEDGERS; i++) {
        ledgers.add("ledger-" + i);
      }
      warmUp(cluster, ledgers);
      affected = cluster.servedBy(VICTIM, ledgers);
    } catch (Exception e) {
      throw new SetUpFailed("setting up " + round + " failed", e);
    }
    if (affected.isEmpty()) {
      throw new IllegalStateException("node-" + VICTIM + " serves none of the " + LEDGERS + " ledgers");
    }
    long killedAt = System.nanoTime();
    cluster.kill(VICTIM);
    return new Result(probe(cluster, affected, killedAt));
  }

  /** Every ledger acknowledges one append, through the nodes in turn. */
  private void warmUp(LedgerCluster cluster, List<String> ledgers) throws Exception {
    ExecutorService writers = Executors.newFixedThreadPool(16);
    try {
      long deadline = System.nanoTime() + FORMED.toNanos();
      List<Future<Boolean>> done = new ArrayList<>();
      for (int i = 0; i < ledgers.size(); i++) {
        String id = ledgers.get(i);
        int port = cluster.httpPort(i % LedgerCluster.SIZE);
        done.add(writers.submit(() -> {
          while (System.nanoTime() < deadline) {
            if (api.append(port, id, "before").isPresent()) {
              return true;
            }
          }
          return false;
        }));
      }
      for (Future<Boolean> ok : done) {
        if (!ok.get()) {
          throw new IllegalStateException("not every ledger acknowledged a first append within " + FORMED
              + "; node-0's last output:\n" + cluster.tail(0));
        }
      }
    } finally {
      writers.shutdownNow();
    }
  }

  private List<Double> probe(LedgerCluster cluster, List<String> affected, long killedAt) throws Exception {
    List<Integer> survivors = new ArrayList<>();
    for (int i = 0; i < LedgerCluster.SIZE; i++) {
      if (i != VICTIM) {
        survivors.add(i);
      }
    }
    ExecutorService probes = Executors.newFixedThreadPool(affected.size());
    try {
      long deadline = killedAt + FAILED_OVER.toNanos();
      List<Future<Long>> times = new ArrayList<>();
      for (String id : affected) {
        times.add(probes.submit(() -> {
          while (System.nanoTime() < deadline) {
            int node = survivors.get(ThreadLocalRandom.current().nextInt(survivors.size()));
            if (api.append(cluster.httpPort(node), id, "after").isPresent()) {
              return System.nanoTime() - killedAt;
            }
          }
          throw new IllegalStateException(id + " accepted no append within " + FAILED_OVER + " of the kill");
        }));
      }
      List<Double> seconds = new ArrayList<>();
      for (Future<Long> time : times) {
        seconds.add(time.get() / 1e9);
      }
      Collections.sort(seconds);
      return seconds;
    } finally {
      probes.shutdownNow();
    }
  }

  private static void await(Duration timeout, String what, BooleanSupplier condition, LedgerCluster cluster)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out after " + timeout + " waiting for " + what
            + "; node-0's last output:\n" + cluster.tail(0));
      }
      TimeUnit.MILLISECONDS.sleep(250); // polling an awaited condition, outside any measured time
    }
  }
}
