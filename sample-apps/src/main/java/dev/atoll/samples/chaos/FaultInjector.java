package dev.atoll.samples.chaos;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Injects one planned fault into a {@link LedgerCluster} and waits until the cluster has recovered
 * from it: the victim runs again (restarted with its old data directory if it was killed, left, or
 * stopped itself after being downed), every node sees every node Up, and every shard is
 * established with a complete copy on every node. Only then is the fault over, so that with at
 * most one faulty node at a time no shard ever has fewer than two good copies.
 */
final class FaultInjector {

  /** How one fault went. */
  record Outcome(FaultPlan.Step step, int victim, boolean recovered, double recoverySeconds, String detail) {}

  private final LedgerCluster cluster;
  private final ChaosClients clients;
  private final NetworkPartitions partitions;
  private final DiskFaults disks;
  private final Duration recoveryTimeout;
  private final PrintStream out;
  private final Set<Integer> faulty = ConcurrentHashMap.newKeySet();
  private final Map<FaultKind, Integer> injected = new EnumMap<>(FaultKind.class);
  private final List<Outcome> outcomes = new ArrayList<>();

  FaultInjector(LedgerCluster cluster, ChaosClients clients, NetworkPartitions partitions, DiskFaults disks,
      Duration recoveryTimeout, PrintStream out) {
    this.cluster = cluster;
    this.clients = clients;
    this.partitions = partitions;
    this.disks = disks;
    this.recoveryTimeout = recoveryTimeout;
    this.out = out;
  }

  /** Picks the victim among nodes not under a fault, or -1 if there is none. */
  int victimFor(FaultPlan.Step step) {
    synchronized (faulty) {
      List<Integer> eligible = new ArrayList<>();
      for (int i = 0; i < cluster.nodes().size(); i++) {
        if (!faulty.contains(i)) {
          eligible.add(i);
        }
      }
      if (eligible.isEmpty()) {
        return -1;
      }
      int victim = eligible.get(step.victimDraw() % eligible.size());
      faulty.add(victim);
      return victim;
    }
  }

  /** Injects {@code step} on {@code victim} (from {@link #victimFor}), holds it, ends it and awaits recovery. */
  Outcome inject(FaultPlan.Step step, int victim) throws IOException, InterruptedException {
    LedgerCluster.Node node = cluster.nodes().get(victim);
    clients.faulty(victim);
    String detail = "";
    try {
      switch (step.kind()) {
        case KILL -> {
          cluster.process(victim).kill();
          cluster.start(victim);
          detail = "restarted as pid " + cluster.process(victim).pid();
        }
        case LEAVE -> {
          int code = cluster.process(victim).terminate(Duration.ofSeconds(90));
          cluster.start(victim);
          detail = "left with exit code " + code + ", restarted as pid " + cluster.process(victim).pid();
        }
        case PAUSE -> {
          cluster.process(victim).pause();
          try {
            Thread.sleep(step.hold().toMillis());
          } finally {
            cluster.process(victim).resume();
          }
        }
        case PARTITION -> {
          List<String> others = new ArrayList<>();
          cluster.nodes().stream().filter(n -> n.index() != victim).forEach(n -> others.add(n.host()));
          partitions.isolate(node.host(), others);
          try {
            Thread.sleep(step.hold().toMillis());
          } finally {
            partitions.heal();
          }
        }
        case DISK -> {
          long bytes = disks.fill(node.dataDir());
          detail = "filled with " + bytes / 1024 + " KiB";
          try {
            Thread.sleep(step.hold().toMillis());
          } finally {
            disks.free(node.dataDir());
          }
        }
      }
      synchronized (injected) {
        injected.merge(step.kind(), 1, Integer::sum);
      }
      long healedAt = System.nanoTime();
      boolean recovered = awaitRecovery(victim);
      double seconds = (System.nanoTime() - healedAt) / 1e9;
      Outcome outcome = new Outcome(step, victim, recovered, seconds, detail);
      synchronized (outcomes) {
        outcomes.add(outcome);
      }
      return outcome;
    } finally {
      clients.healthy(victim);
      synchronized (faulty) {
        faulty.remove(victim);
      }
    }
  }

  /**
   * Restarts the victim whenever it is not running (it stops itself once downed) and waits for
   * membership and replication to converge.
   */
  private boolean awaitRecovery(int victim) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + recoveryTimeout.toNanos();
    int restarts = 0;
    while (System.nanoTime() < deadline) {
      if (!cluster.isRunning(victim)) {
        restarts++;
        cluster.start(victim);
        out.printf(Locale.ROOT, "atoll chaos:   %s stopped itself (downed); restarted as pid %d%n",
            cluster.nodes().get(victim).name(), cluster.process(victim).pid());
      }
      if (cluster.membersConverged() && cluster.fullyReplicated()) {
        return true;
      }
      Thread.sleep(300); // polling interval of the recovery condition
    }
    out.printf(Locale.ROOT, "atoll chaos:   the cluster did not recover within %s (%d restarts of the victim)%n", recoveryTimeout, restarts);
    cluster.recoveryBlockers().forEach(blocker -> out.printf(Locale.ROOT, "atoll chaos:     still: %s%n", blocker));
    return false;
  }

  Map<FaultKind, Integer> injected() {
    synchronized (injected) {
      Map<FaultKind, Integer> copy = new EnumMap<>(FaultKind.class);
      copy.putAll(injected);
      return copy;
    }
  }

  List<Outcome> outcomes() {
    synchronized (outcomes) {
      return List.copyOf(outcomes);
    }
  }
}
