package dev.atoll.samples.chaos;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One chaos run, start to verdict: a local cluster of ledger node JVMs, clients recording a
 * {@link History}, seeded faults from a {@link FaultPlan} injected by a {@link FaultInjector}, and
 * at the end a replay of every ledger from every node judged by the {@link HistoryChecker}.
 *
 * <p>Everything the run changes on the machine is undone on every exit path (return, exception,
 * Ctrl-C through a shutdown hook): node JVMs are killed by the PIDs it started, its iptables chain
 * is deleted, its tmpfs mounts are unmounted.
 */
public final class ChaosRun implements AutoCloseable {

  /** Exit codes of {@code atoll chaos}. */
  public static final int VALID = 0;
  public static final int INVALID = 1;

  private static final Duration FORMED = Duration.ofMinutes(4);
  private static final Duration RECOVERY = Duration.ofMinutes(3);
  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(15);
  /** The nodes run with the default of atoll.sharding.number-of-shards. */
  private static final int NUMBER_OF_SHARDS = 256;

  private final ChaosSettings settings;
  private final PrintStream out;
  private final Path workDir;
  private final History history = new History();
  private final NetworkPartitions partitions = new NetworkPartitions();
  /** When the faults began (System.nanoTime()), so that faults and windows can be lined up. */
  private volatile long faultsStarted = System.nanoTime();
  private final DiskFaults disks;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Thread cleanupHook = new Thread(this::cleanUp, "atoll-chaos-cleanup");
  private LedgerCluster cluster;
  private ChaosClients clients;

  public ChaosRun(ChaosSettings settings, PrintStream out) {
    this.settings = settings;
    this.out = out;
    this.workDir = settings.workRoot().toAbsolutePath().resolve(DiskFaults.WORK_DIR_PREFIX + ProcessHandle.current().pid());
    this.disks = new DiskFaults(settings.tmpfsSize());
  }

  /** Runs the whole soak and returns {@link #VALID} or {@link #INVALID}. */
  public int run() throws IOException, InterruptedException {
    say("seed %d (replay with --seed %d)", settings.seed(), settings.seed());
    Runtime.getRuntime().addShutdownHook(cleanupHook);
    try {
      Files.createDirectories(workDir);
      List<FaultKind> kinds = availableKinds();
      boolean ownAddresses = loopbackAddressesWork();
      prepareMachine(kinds);
      startCluster(ownAddresses);
      clients = new ChaosClients(cluster, history, settings.clients(), settings.ledgers(), settings.seed());
      clients.start();
      LedgerCluster.awaitTrue(FORMED, "the clients' first " + settings.ledgers() + " acknowledged appends",
          () -> clients.ok() >= settings.ledgers());
      cluster.awaitFullyReplicated(FORMED);
      say("every shard in use is established with %d copies; faults start", Math.min(3, settings.nodes()));
      FaultInjector injector = new FaultInjector(cluster, clients, partitions, disks, RECOVERY, out);
      boolean recovered = injectFaults(injector, kinds);
      clients.close();
      boolean writable = everyLedgerAcceptsAnAppend();
      boolean replicated = awaitQuietly(RECOVERY, cluster::fullyReplicated);
      if (!replicated) {
        cluster.recoveryBlockers().forEach(blocker -> say("  not re-replicated at the end: %s", blocker));
      }
      return verdict(injector, recovered, writable, replicated);
    } finally {
      cleanUp();
      try {
        Runtime.getRuntime().removeShutdownHook(cleanupHook);
      } catch (IllegalStateException e) {
        // the JVM is already shutting down: the hook runs (and finds nothing left to do)
      }
    }
  }

  /** The kinds asked for that this machine allows; says which are skipped and why. */
  private List<FaultKind> availableKinds() {
    List<FaultKind> kinds = new ArrayList<>();
    for (FaultKind kind : settings.faults()) {
      Optional<String> unavailable = switch (kind) {
        case PARTITION -> NetworkPartitions.unavailableBecause()
            .or(() -> loopbackAddressesWork() ? Optional.empty() : Optional.of("this machine cannot bind 127.0.0.2 and up"));
        case DISK -> DiskFaults.unavailableBecause(workDir);
        default -> Optional.empty();
      };
      if (unavailable.isPresent()) {
        say("SKIPPING %s faults: %s", kind.label(), unavailable.get());
      } else {
        kinds.add(kind);
      }
    }
    if (kinds.isEmpty()) {
      throw new IllegalStateException("none of the faults asked for (" + settings.faults() + ") can be injected on this machine");
    }
    say("faults: %s; at most %d node(s) faulty at a time; %d nodes, %d clients, %d ledgers",
        String.join(",", kinds.stream().map(FaultKind::label).toList()), settings.maxFaulty(), settings.nodes(),
        settings.clients(), settings.ledgers());
    return kinds;
  }

  /** Whether every node can have its own loopback address (Linux routes all of 127/8 to lo). */
  private boolean loopbackAddressesWork() {
    for (int i = 0; i < settings.nodes(); i++) {
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(hostOf(i, true)))) {
        // bound: fine
      } catch (IOException e) {
        return false;
      }
    }
    return true;
  }

  private static String hostOf(int node, boolean ownAddresses) {
    return ownAddresses ? "127.0.0." + (2 + node) : "127.0.0.1";
  }

  private void prepareMachine(List<FaultKind> kinds) throws IOException {
    if (kinds.contains(FaultKind.DISK)) {
      DiskFaults.removeStaleMounts();
      for (int i = 0; i < settings.nodes(); i++) {
        disks.mount(workDir.resolve("data-" + i));
      }
      say("data directories on their own tmpfs of %s each under %s", settings.tmpfsSize(), workDir);
    }
    if (kinds.contains(FaultKind.PARTITION)) {
      partitions.install();
      say("iptables chain %s installed (jumped to from OUTPUT and INPUT)", partitions.chain());
    }
  }

  private void startCluster(boolean ownAddresses) throws IOException, InterruptedException {
    cluster = new LedgerCluster(NodeProcess.sameClassPath(), workDir, workDir.resolve("logs"), settings.nodes(), "",
        i -> hostOf(i, ownAddresses));
    for (int i = 0; i < settings.nodes(); i++) {
      cluster.start(i);
    }
    for (LedgerCluster.Node node : cluster.nodes()) {
      say("%s pid %d on %s (ledger API :%d, management :%d)", node.name(), cluster.process(node.index()).pid(),
          node.protocolName(), node.httpPort(), node.managementPort());
    }
    say("node output in %s", workDir.resolve("logs"));
    cluster.awaitMembers(FORMED);
    say("cluster formed; clients start");
  }

  /** Runs the fault loops (one per node that may be faulty at a time); false if the cluster did not recover from a fault. */
  private boolean injectFaults(FaultInjector injector, List<FaultKind> kinds) throws InterruptedException {
    long started = System.nanoTime();
    faultsStarted = started;
    long end = started + settings.duration().toNanos();
    long hardEnd = started + settings.duration().multipliedBy(4).plusMinutes(10).toNanos();
    AtomicBoolean failed = new AtomicBoolean();
    List<Thread> loops = new ArrayList<>();
    for (int loop = 0; loop < settings.maxFaulty(); loop++) {
      FaultPlan plan = new FaultPlan(settings.seed() + 7919L * loop, kinds, FaultPlan.Timing.holding(settings.minHold(), settings.maxHold()));
      Thread thread = new Thread(() -> {
        try {
          while (!failed.get() && !finished(injector, kinds, end, hardEnd)) {
            FaultPlan.Step step = plan.next();
            Thread.sleep(step.gapBefore().toMillis());
            int victim = injector.victimFor(step);
            if (victim < 0) {
              continue;
            }
            say("fault #%d %s %s%s at t=%.1fs", step.number(), step.kind().label(), cluster.nodes().get(victim).name(),
                step.hold().isZero() ? "" : String.format(Locale.ROOT, " for %.1f s", step.hold().toMillis() / 1000.0),
                sinceFaultsStarted(System.nanoTime()));
            FaultInjector.Outcome outcome = injector.inject(step, victim);
            say("  recovered in %.1f s%s", outcome.recoverySeconds(), outcome.detail().isEmpty() ? "" : " (" + outcome.detail() + ")");
            if (!outcome.recovered()) {
              failed.set(true);
            }
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
          say("fault loop failed: %s", e);
          failed.set(true);
        }
      }, "chaos-faults-" + loop);
      thread.start();
      loops.add(thread);
    }
    while (loops.stream().anyMatch(Thread::isAlive)) {
      loops.get(0).join(PROGRESS_EVERY.toMillis());
      progress(injector, started);
    }
    return !failed.get();
  }

  private boolean finished(FaultInjector injector, List<FaultKind> kinds, long end, long hardEnd) {
    long now = System.nanoTime();
    if (now - hardEnd >= 0) {
      return true;
    }
    if (now - end < 0) {
      return false;
    }
    Map<FaultKind, Integer> counts = injector.injected();
    return kinds.stream().allMatch(k -> counts.getOrDefault(k, 0) >= settings.minFaultsPerKind());
  }

  private void progress(FaultInjector injector, long started) {
    say("t=%ds faults %s; ops ok %d, fail %d, unknown %d", (System.nanoTime() - started) / 1_000_000_000L,
        counts(injector.injected()), clients.ok(), clients.failed(), clients.unknown());
  }

  private static String counts(Map<FaultKind, Integer> injected) {
    List<String> parts = new ArrayList<>();
    injected.forEach((k, n) -> parts.add(k.label() + "=" + n));
    return parts.isEmpty() ? "none yet" : String.join(" ", parts);
  }

  /** After the faults: one more append to every ledger must be acknowledged (recorded in the history too). */
  private boolean everyLedgerAcceptsAnAppend() throws InterruptedException {
    int client = settings.clients(); // a client id of its own
    long deadline = System.nanoTime() + RECOVERY.toNanos();
    List<String> stuck = new ArrayList<>();
    for (int l = 0; l < settings.ledgers(); l++) {
      String id = "ledger-" + l;
      String pid = "Ledger|" + id;
      String value = id + "-final";
      boolean acknowledged = false;
      for (int attempt = 0; !acknowledged && System.nanoTime() < deadline; attempt++) {
        int node = cluster.running().get(attempt % cluster.running().size());
        history.record(Operation.invokeAppend(client, pid, value, System.nanoTime()));
        LedgerCluster.Reply reply = cluster.tryAppend(node, id, value);
        long now = System.nanoTime();
        switch (reply.outcome()) {
          case OK -> {
            history.record(Operation.appendOk(client, pid, value, reply.values().indexOf(value) + 1L, now));
            acknowledged = true;
          }
          case NOT_SENT -> history.record(Operation.appendFailed(client, pid, value, now));
          case UNKNOWN -> history.record(Operation.appendUnknown(client, pid, value, now));
        }
        if (!acknowledged) {
          Thread.sleep(200); // retry interval of the final probe
        }
      }
      if (!acknowledged) {
        stuck.add(id);
      }
    }
    if (!stuck.isEmpty()) {
      say("LIVENESS: %d ledgers accept no append after the faults: %s", stuck.size(), stuck);
    }
    return stuck.isEmpty();
  }

  private int verdict(FaultInjector injector, boolean recovered, boolean writable, boolean replicated) {
    Map<String, Set<String>> attempted = new LinkedHashMap<>();
    for (Operation op : history.operations()) {
      if (op.kind() == Operation.Kind.APPEND && op.type() == Operation.Type.INVOKE) {
        attempted.computeIfAbsent(op.persistenceId(), p -> new HashSet<>()).add(op.value().orElseThrow());
      }
    }
    say("reading %d ledgers from every node", attempted.size());
    List<ReplicaDump> replicas = new ReplicaReader(cluster, NUMBER_OF_SHARDS).read(attempted);
    CheckReport report = HistoryChecker.check(history.operations(), replicas);

    Map<FaultKind, Integer> counts = injector.injected();
    int total = counts.values().stream().mapToInt(Integer::intValue).sum();
    say("faults injected: %d (%s)", total, counts(counts));
    recoveryTimes(injector.outcomes());
    long ops = history.operations().stream().filter(Operation::isCompletion).count();
    say("operations: %d (ok %d, fail %d, unknown %d)", ops, clients.ok(), clients.failed(), clients.unknown());
    windows(report.unavailability());
    say("liveness: %s every fault recovered, %s every ledger writable at the end, %s fully re-replicated at the end",
        mark(recovered), mark(writable), mark(replicated));
    out.println("atoll chaos: verdict per invariant (seed " + settings.seed() + "):");
    out.println(report.render());
    return report.valid() && recovered && writable && replicated ? VALID : INVALID;
  }

  private static String mark(boolean ok) {
    return ok ? "PASS" : "FAIL";
  }

  private void recoveryTimes(List<FaultInjector.Outcome> outcomes) {
    Map<FaultKind, List<Double>> byKind = new EnumMap<>(FaultKind.class);
    outcomes.forEach(o -> byKind.computeIfAbsent(o.step().kind(), k -> new ArrayList<>()).add(o.recoverySeconds()));
    byKind.forEach((kind, seconds) -> {
      seconds.sort(Double::compare);
      say("  %-9s %3d faults, recovery (cluster converged, fully replicated) median %.1f s, max %.1f s",
          kind.label(), seconds.size(), seconds.get(seconds.size() / 2), seconds.get(seconds.size() - 1));
    });
  }

  private void windows(UnavailabilityWindows unavailability) {
    say("failover/unavailability windows (a ledger from its first failed append to its next acknowledged one): %d, median %.2f s, max %.2f s",
        unavailability.windows().size(), unavailability.medianSeconds(), unavailability.maxSeconds());
    unavailability.windows().stream().sorted(Comparator.comparingDouble(UnavailabilityWindows.Window::seconds).reversed()).limit(5)
        .forEach(w -> say("  longest: %s %.2f s (t=%.1fs to t=%.1fs)", w.persistenceId(), w.seconds(),
            sinceFaultsStarted(w.fromNanos()), sinceFaultsStarted(w.toNanos())));
  }

  /** Seconds from the start of the faults to {@code nanoTime}: the clock of the fault and progress lines. */
  private double sinceFaultsStarted(long nanoTime) {
    return (nanoTime - faultsStarted) / 1e9;
  }

  private static boolean awaitQuietly(Duration timeout, LedgerCluster.Check check) throws InterruptedException {
    try {
      LedgerCluster.awaitTrue(timeout, "the condition", check);
      return true;
    } catch (AssertionError e) {
      return false;
    }
  }

  private void say(String format, Object... args) {
    out.println("atoll chaos: " + String.format(Locale.ROOT, format, args));
  }

  /** Kills every node by PID, deletes the iptables chain, unmounts every tmpfs. Idempotent. */
  private void cleanUp() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      if (clients != null) {
        clients.close();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      if (cluster != null) {
        cluster.close();
      }
    } catch (InterruptedException | RuntimeException e) {
      out.println("atoll chaos: stopping the nodes: " + e);
    }
    partitions.close();
    disks.close();
    out.println("atoll chaos: cleaned up (nodes stopped, iptables chain removed, tmpfs unmounted)");
  }

  @Override
  public void close() {
    cleanUp();
  }
}
