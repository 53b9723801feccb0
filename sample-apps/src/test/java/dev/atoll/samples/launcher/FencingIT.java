package dev.atoll.samples.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atoll.samples.chaos.LedgerCluster;
import dev.atoll.samples.chaos.LedgerDriver;
import dev.atoll.framework.ShardFunction;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A zombie primary: a node that is primary of some shards is frozen with SIGSTOP for far longer
 * than the split brain resolver's {@code stable-after}, the others down it and promote backups,
 * and then it is thawed with SIGCONT while clients are waiting on it with appends. None of the
 * zombie's writes is acknowledged (its epoch is fenced), it restarts with its old data directory,
 * and afterwards every copy of every ledger agrees.
 */
class FencingIT {

  private static final int LEDGERS = 120;
  private static final Duration FORMED = Duration.ofSeconds(180);

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
  void aThawedPrimaryGetsNoWriteAcknowledgedAndNothingDiverges() throws Exception {
    cluster = new LedgerCluster(work, "fencing", 3, "");
    for (int i = 0; i < 3; i++) {
      cluster.start(i);
    }
    cluster.awaitMembers(FORMED);
    driver = new LedgerDriver(cluster, LEDGERS, 4);
    driver.start();
    int zombie = 2;
    LedgerCluster.awaitTrue(FORMED, "node-2 to be primary of some shards and every ledger to have a value", () ->
        !cluster.establishedPrimaryShards(zombie).isEmpty()
            && driver.ledgers().values().stream().allMatch(l -> LedgerDriver.acknowledgedCount(l) > 0));
    List<Integer> shards = cluster.establishedPrimaryShards(zombie);
    ShardFunction shardFunction = ShardFunction.of(256);
    List<LedgerDriver.Ledger> affected = driver.ledgers().values().stream()
        .filter(l -> shards.contains(shardFunction.shardOf(l.id))).toList();
    assertThat(affected).isNotEmpty();

    driver.avoid(zombie);
    cluster.process(zombie).pause();

    // Clients that picked the zombie: their appends wait in its socket until it thaws.
    ExecutorService zombieClients = Executors.newFixedThreadPool(affected.size());
    Map<String, Boolean> zombieAnswers = new ConcurrentHashMap<>();
    List<Future<?>> waiting = new ArrayList<>();
    for (LedgerDriver.Ledger ledger : affected) {
      String value = ledger.id + "-zombie";
      waiting.add(zombieClients.submit(() -> zombieAnswers.put(value, cluster.append(zombie, ledger.id, value).isPresent())));
    }

    // Well past 2 x stable-after: the others down the zombie and promote backups of its shards.
    LedgerCluster.awaitTrue(Duration.ofSeconds(60), "the zombie's ledgers to accept appends on the other nodes",
        () -> affected.stream().allMatch(l -> driver.appendOnce(l)));
    cluster.process(zombie).resume();
    for (Future<?> answer : waiting) {
      answer.get(30, TimeUnit.SECONDS);
    }
    zombieClients.shutdown();
    assertThat(zombieAnswers).hasSize(affected.size());
    assertThat(zombieAnswers).as("appends acknowledged by the thawed zombie").doesNotContainValue(true);

    // The downed zombie stops itself; it comes back with its old data directory as a new member.
    assertThat(cluster.process(zombie).waitForExit(Duration.ofSeconds(60))).isZero();
    cluster.start(zombie);
    cluster.awaitMembers(FORMED);
    driver.use(zombie);
    driver.close();

    for (LedgerDriver.Ledger ledger : driver.ledgers().values()) {
      int acknowledged = LedgerDriver.acknowledgedCount(ledger);
      List<String> stored = readWhenAnswered(ledger.id);
      assertThat(stored).as("zombie values in %s", ledger.id).noneMatch(v -> v.endsWith("-zombie"));
      assertThat(LedgerDriver.violations(ledger, acknowledged, stored)).isEqualTo(Optional.empty());
    }
    cluster.awaitFullyReplicated(Duration.ofSeconds(120));
    cluster.assertReplicasAgree(driver.ledgers().keySet(), Duration.ofSeconds(30));
  }

  /**
   * Node 0's values of a ledger, once node 0 answers: right after the zombie's restart, shards move
   * back to it, and Pekko drops a message buffered for a shard during its hand-off (to keep
   * messages in order), so a single read can go unanswered.
   */
  private List<String> readWhenAnswered(String id) throws InterruptedException {
    AtomicReference<List<String>> values = new AtomicReference<>();
    LedgerCluster.awaitTrue(Duration.ofSeconds(60), id + " to answer a read on node-0", () -> {
      Optional<List<String>> read = cluster.read(0, id);
      read.ifPresent(values::set);
      return read.isPresent();
    });
    return values.get();
  }
}
