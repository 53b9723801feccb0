package dev.atoll.samples.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atoll.samples.chaos.LedgerCluster;
import dev.atoll.samples.chaos.LedgerDriver;
import dev.atoll.framework.ShardFunction;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failover with real processes: three node JVMs run the ledger sample, clients keep appending to
 * 300 ledgers, and the primary of some shards is SIGKILLed, a different node each time. Every
 * ledger answers again with every acknowledged value, none twice; the killed node restarts with
 * its old data directory and catches up; re-replication brings every shard back to three copies
 * that agree event by event. Prints the failover time of each kill.
 */
class FailoverIT {

  private static final int LEDGERS = 300;
  private static final Duration FORMED = Duration.ofSeconds(180);
  private static final Duration FAILED_OVER = Duration.ofSeconds(60);

  /** The failover time of every affected ledger of every kill, for the overall median. */
  private final List<Long> allFailoverMillis = new ArrayList<>();

  @TempDir Path work;
  private LedgerCluster cluster;
  private LedgerDriver driver;

  @AfterEach
  void stopEverything() throws InterruptedException {
    if (driver != null) {
      driver.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void killedPrimariesLoseNoAcknowledgedEventAndRestartedNodesCatchUp() throws Exception {
    cluster = new LedgerCluster(work, "failover", 3, "");
    for (int i = 0; i < 3; i++) {
      cluster.start(i);
    }
    cluster.awaitMembers(FORMED);
    driver = new LedgerDriver(cluster, LEDGERS, 6);
    driver.start();
    LedgerCluster.awaitTrue(FORMED, "every ledger to acknowledge a first append",
        () -> driver.ledgers().values().stream().allMatch(l -> { synchronized (l) { return !l.acknowledged.isEmpty(); } }));

    List<String> report = new ArrayList<>();
    for (int victim : new int[] {2, 0, 1}) {
      report.add(killAndFailOver(victim));
      assertEveryLedgerHoldsWhatWasAcknowledged(survivor(victim));
      cluster.start(victim);
      cluster.awaitMembers(FORMED);
      driver.use(victim);
      // Back to three complete copies before the next crash: two crashes in a row inside the
      // re-replication window are a double failure, which a replica set of three does not cover.
      cluster.awaitFullyReplicated(Duration.ofSeconds(120));
    }
    driver.close();
    assertEveryLedgerHoldsWhatWasAcknowledged(0);

    cluster.awaitFullyReplicated(Duration.ofSeconds(120));
    cluster.assertReplicasAgree(driver.ledgers().keySet(), Duration.ofSeconds(30));

    System.out.println("FailoverIT (3 JVMs, " + LEDGERS + " ledgers, default settings):");
    report.forEach(line -> System.out.println("  " + line));
    Collections.sort(allFailoverMillis);
    System.out.printf("  all %d affected ledgers of the %d kills: failover median %.1f s, max %.1f s%n",
        allFailoverMillis.size(), report.size(), median(allFailoverMillis) / 1000.0,
        allFailoverMillis.get(allFailoverMillis.size() - 1) / 1000.0);
  }

  private static long median(List<Long> sorted) {
    return sorted.get(sorted.size() / 2);
  }

  /** Kills {@code victim} and returns how long its shards' ledgers took to accept appends again. */
  private String killAndFailOver(int victim) throws Exception {
    LedgerCluster.awaitTrue(FORMED, "node-" + victim + " to be primary of some shards",
        () -> !cluster.establishedPrimaryShards(victim).isEmpty());
    List<Integer> shards = cluster.establishedPrimaryShards(victim);
    ShardFunction shardFunction = ShardFunction.of(256);
    List<LedgerDriver.Ledger> affected = driver.ledgers().values().stream()
        .filter(l -> shards.contains(shardFunction.shardOf(l.id))).toList();
    assertThat(affected).as("ledgers whose primary is node-%d", victim).isNotEmpty();

    driver.avoid(victim);
    long killedAt = System.nanoTime();
    java.time.LocalTime killedAtClock = java.time.LocalTime.now();
    cluster.process(victim).kill();

    // One prober per ledger: a prober that waited for another ledger first would add that wait.
    ExecutorService probes = Executors.newFixedThreadPool(affected.size());
    try {
      List<Future<Long>> times = new ArrayList<>();
      long deadline = killedAt + FAILED_OVER.toNanos();
      for (LedgerDriver.Ledger ledger : affected) {
        times.add(probes.submit(() -> {
          while (System.nanoTime() < deadline) {
            if (driver.appendOnce(ledger)) {
              return System.nanoTime() - killedAt;
            }
          }
          throw new AssertionError(ledger.id + " accepted no append within " + FAILED_OVER + " of the kill");
        }));
      }
      List<Long> millis = new ArrayList<>();
      for (Future<Long> time : times) {
        millis.add(TimeUnit.NANOSECONDS.toMillis(time.get()));
      }
      Collections.sort(millis);
      allFailoverMillis.addAll(millis);
      // The wall-clock time of the kill lines the figures up with the nodes' logs (it-logs/failover).
      return String.format("SIGKILL node-%d at %s (primary of %d shards, %d ledgers): failover median %.1f s, max %.1f s",
          victim, killedAtClock, shards.size(), affected.size(), median(millis) / 1000.0, millis.get(millis.size() - 1) / 1000.0);
    } finally {
      probes.shutdownNow();
    }
  }

  private int survivor(int victim) {
    return victim == 0 ? 1 : 0;
  }

  private void assertEveryLedgerHoldsWhatWasAcknowledged(int node) throws InterruptedException {
    for (LedgerDriver.Ledger ledger : driver.ledgers().values()) {
      int acknowledged = LedgerDriver.acknowledgedCount(ledger);
      LedgerCluster.awaitTrue(FAILED_OVER, ledger.id + " to answer a read", () -> cluster.read(node, ledger.id).isPresent());
      List<String> stored = cluster.read(node, ledger.id).orElseThrow();
      assertThat(LedgerDriver.violations(ledger, acknowledged, stored)).isEmpty();
    }
  }
}
