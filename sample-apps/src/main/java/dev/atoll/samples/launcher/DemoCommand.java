package dev.atoll.samples.launcher;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code atoll demo}: the bank sample on a local cluster of node JVMs, put through a crash, with one
 * command. It starts the nodes (child processes of this JVM, whose PIDs it prints and keeps), opens
 * accounts with known balances, drives random transfers from concurrent clients through the nodes'
 * HTTP APIs, SIGKILLs one node in the middle and restarts it with its data directory, then settles
 * every unfinished transfer and checks the invariant (see {@link BankInvariant}). It prints progress
 * while it runs, then throughput, the recovery time of every transfer each disruption affected, and
 * the verdict; it exits 1 if the invariant does not hold. Every node it started is stopped, by its
 * PID, when it ends, fails or gets Ctrl-C.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the bank sample on local node JVMs: random transfers, a SIGKILL of one",
      "node and its restart; then prints throughput, failover times and the check",
      "that no money was created, lost or half-transferred (exit code 1 if not)."})
final class DemoCommand implements Callable<Integer> {

  @Option(names = "--nodes", paramLabel = "N", description = "Number of node JVMs, 1 to 9 (3 or more to kill one). Default: 3.")
  private int nodes = 3;

  @Option(names = "--base-port", paramLabel = "PORT", description = "Cluster port of node-0; node-i uses PORT+i (management: +10000). Default: 2551.")
  private int basePort = 2551;

  @Option(names = "--http-base-port", paramLabel = "PORT", description = "Bank HTTP port of node-0; node-i uses PORT+i. Default: 8081.")
  private int httpBasePort = 8081;

  @Option(names = "--data-root", paramLabel = "DIR", description = "Data directories node-0..node-N-1 and the nodes' logs live under DIR (kept across runs). Default: ./atoll-demo-data.")
  private Path dataRoot = Path.of("atoll-demo-data");

  @Option(names = "--duration", paramLabel = "SECONDS", description = "How long the clients drive transfers; 0: none (no kill either). Default: 40.")
  private int durationSeconds = 40;

  @Option(names = "--accounts", paramLabel = "N", description = "Accounts to open, 2 or more. Default: 20.")
  private int accounts = 20;

  @Option(names = "--balance", paramLabel = "AMOUNT", description = "Opening balance of each account. Transfers move 1 to AMOUNT/4. Default: 1000.")
  private long balance = 1000;

  @Option(names = "--clients", paramLabel = "N", description = "Concurrent transfer clients, each with one transfer in flight. Default: 8.")
  private int clients = 8;

  @Option(names = "--kill-node", paramLabel = "I", description = "The node to SIGKILL and restart, 0 to N-1. Default: the last one.")
  private Integer killNode;

  @Option(names = "--no-kill", description = "Drive transfers without killing a node.")
  private boolean noKill;

  @Option(names = "--keep-running", description = "After the scenario, keep the nodes running until Ctrl-C (for the dashboard and curl). With --duration 0 only starts the nodes and opens the accounts.")
  private boolean keepRunning;

  private static final Duration CLUSTER_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration SETTLE_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration REJOIN_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);

  @Override
  public Integer call() throws Exception {
    validate();
    int victim = killNode == null ? nodes - 1 : killNode;
    boolean kill = !noKill && durationSeconds > 0;
    String run = "r" + Long.toString(System.currentTimeMillis() / 1000 % 1_000_000, 36);
    DemoNodes cluster = new DemoNodes("bank", nodes, basePort, httpBasePort, dataRoot.toAbsolutePath());
    Thread stopOnExit = new Thread(() -> {
      cluster.close();
      say("stopped every node it started (pids " + cluster.everyPid() + ")");
    }, "atoll-demo-stop");
    Runtime.getRuntime().addShutdownHook(stopOnExit);
    try {
      for (int i = 0; i < nodes; i++) {
        long pid = cluster.start(i);
        DemoNodes.Node node = cluster.nodes().get(i);
        say(node.name() + " pid " + pid + ", cluster port " + node.port() + ", bank API http://127.0.0.1:" + node.httpPort()
            + ", log " + node.log());
      }
      long formed = System.nanoTime();
      cluster.awaitAllUp(CLUSTER_TIMEOUT, DemoCommand::say);
      say(String.format(Locale.ROOT, "%d nodes up (%.1f s)", nodes, seconds(System.nanoTime() - formed)));
      BankClient bank = new BankClient(cluster.nodes().stream().map(DemoNodes.Node::httpPort).toList());
      Map<String, Long> opening = openAccounts(bank, run);
      boolean holds = true;
      if (durationSeconds > 0) {
        holds = runScenario(cluster, bank, opening, run, kill ? victim : -1);
      }
      if (keepRunning) {
        printTryIt(cluster, opening);
        cluster.awaitExitOfAll();
      }
      return holds ? 0 : 1;
    } finally {
      cluster.close();
      say("stopped every node it started (pids " + cluster.everyPid() + ")");
      try {
        Runtime.getRuntime().removeShutdownHook(stopOnExit);
      } catch (IllegalStateException shuttingDown) {
        // Ctrl-C: the hook is running already
      }
    }
  }

  private void validate() {
    CommandLine line = new CommandLine(this);
    if (nodes < 1 || nodes > 9) {
      throw new CommandLine.ParameterException(line, "--nodes " + nodes + ": must be 1 to 9");
    }
    if (accounts < 2) {
      throw new CommandLine.ParameterException(line, "--accounts " + accounts + ": must be 2 or more");
    }
    if (balance < 4) {
      throw new CommandLine.ParameterException(line, "--balance " + balance + ": must be 4 or more");
    }
    if (clients < 1 || durationSeconds < 0) {
      throw new CommandLine.ParameterException(line, "--clients must be >= 1 and --duration >= 0");
    }
    if (killNode != null && (killNode < 0 || killNode >= nodes)) {
      throw new CommandLine.ParameterException(line, "--kill-node " + killNode + ": must be 0 to " + (nodes - 1));
    }
    if (!noKill && durationSeconds > 0 && nodes < 3) {
      throw new CommandLine.ParameterException(line, "--nodes " + nodes + ": killing a node needs 3 or more (or --no-kill)");
    }
  }

  /** Opens the accounts {@code <run>-a00...}, each with the same balance; returns them with it. */
  private Map<String, Long> openAccounts(BankClient bank, String run) throws InterruptedException {
    Map<String, Long> opening = new LinkedHashMap<>();
    long deadline = System.nanoTime() + CLUSTER_TIMEOUT.toNanos();
    for (int a = 0; a < accounts; a++) {
      String id = String.format(Locale.ROOT, "%s-a%02d", run, a);
      for (int attempt = 0; ; attempt++) {
        BankClient.Answer answer = bank.open(attempt % bank.nodes(), id, balance);
        // 409: an earlier attempt opened it and its answer was lost.
        if (answer.ok() || answer.code() == 409) {
          break;
        }
        if (!answer.unknown() || System.nanoTime() > deadline) {
          throw new IllegalStateException("could not open account " + id + ": " + answer);
        }
        TimeUnit.MILLISECONDS.sleep(200);
      }
      opening.put(id, balance);
    }
    say("opened " + accounts + " accounts " + run + "-a00.." + run + "-a" + String.format(Locale.ROOT, "%02d", accounts - 1)
        + " with " + balance + " each (total " + balance * accounts + ")");
    return opening;
  }

  private boolean runScenario(DemoNodes cluster, BankClient bank, Map<String, Long> opening, String run, int victim)
      throws InterruptedException {
    TransferDriver driver = new TransferDriver(bank, new ArrayList<>(opening.keySet()), balance / 4, run);
    Duration duration = Duration.ofSeconds(durationSeconds);
    long start = System.nanoTime();
    ScheduledExecutorService timeline = Executors.newScheduledThreadPool(2, runnable -> {
      Thread thread = new Thread(runnable, "atoll-demo-timeline");
      thread.setDaemon(true);
      return thread;
    });
    say("driving transfers from " + clients + " clients for " + durationSeconds + " s"
        + (victim >= 0 ? "; SIGKILL of node-" + victim + " at " + durationSeconds / 4 + " s, restart at " + durationSeconds * 11 / 20 + " s" : ""));
    long[] finishedBefore = {0};
    ScheduledFuture<?> progress = timeline.scheduleAtFixedRate(() -> finishedBefore[0] = progress(driver, cluster, start, finishedBefore[0]),
        PROGRESS_EVERY.toSeconds(), PROGRESS_EVERY.toSeconds(), TimeUnit.SECONDS);
    CompletableFuture<Boolean> rejoined = new CompletableFuture<>();
    if (victim >= 0) {
      timeline.schedule(() -> rejoined.complete(killAndRestart(cluster, driver, victim, duration)), duration.toMillis() / 4, TimeUnit.MILLISECONDS);
    } else {
      rejoined.complete(true);
    }
    driver.drive(clients, duration);
    progress.cancel(false);
    long driven = driver.finishedCount();
    double drivenSeconds = seconds(System.nanoTime() - start);
    say("driving stopped: " + driven + " transfers finished, " + driver.unfinishedCount() + " without an outcome yet");
    if (!rejoined.isDone()) {
      say("waiting for node-" + victim + " to rejoin before settling");
    }
    try {
      rejoined.get(REJOIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      say("node-" + victim + " did not rejoin within " + REJOIN_TIMEOUT.toSeconds() + " s; settling without it (see its log)");
    }
    say("settling: sending every transfer without an outcome again until it has one");
    List<TransferDriver.Request> unfinished = driver.settle(clients, SETTLE_TIMEOUT);
    timeline.shutdownNow();
    Map<String, Long> balances = new LinkedHashMap<>();
    int reader = 0;
    for (String account : opening.keySet()) {
      bank.balanceWithRetries(account, reader++ % bank.nodes(), Duration.ofSeconds(60)).ifPresent(b -> balances.put(account, b));
    }
    BankInvariant.Verdict verdict = BankInvariant.check(opening, balances, driver.outcomes(), unfinished);
    report(driver, driven, drivenSeconds, verdict);
    return verdict.holds();
  }

  /**
   * SIGKILL of {@code victim} now, its restart (same ports, same data directory) after 30% of the
   * driving time, and a line once every node sees it Up again.
   */
  private boolean killAndRestart(DemoNodes cluster, TransferDriver driver, int victim, Duration duration) {
    try {
      long pid = cluster.pid(victim);
      driver.disruption("SIGKILL of node-" + victim + " (pid " + pid + ")");
      cluster.kill(victim);
      say("SIGKILL node-" + victim + " (pid " + pid + "); its shards fail over to the others");
      TimeUnit.MILLISECONDS.sleep(duration.toMillis() * 3 / 10);
      driver.disruption("restart of node-" + victim);
      long restarted = System.nanoTime();
      long newPid = cluster.start(victim);
      say("node-" + victim + " restarted, pid " + newPid + ", with its data directory");
      while (cluster.isRunning(victim)) {
        if (cluster.running().stream().allMatch(i -> cluster.membersUpSeenBy(i) == cluster.size())) {
          say("node-" + victim + " is Up on every node again, " + String.format(Locale.ROOT, "%.1f", seconds(System.nanoTime() - restarted))
              + " s after its restart");
          return true;
        }
        TimeUnit.MILLISECONDS.sleep(500);
      }
      say("node-" + victim + " exited after its restart; see its log");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException | RuntimeException e) {
      say("the kill and restart of node-" + victim + " failed: " + e);
    }
    return false;
  }

  /** One progress line; returns the number of finished transfers it reported. */
  private static long progress(TransferDriver driver, DemoNodes cluster, long start, long finishedBefore) {
    long finished = driver.finishedCount();
    say(String.format(Locale.ROOT, "%4.0f s: %d transfers finished (%.1f/s in the last %d s), %d requests retried, nodes running %s",
        seconds(System.nanoTime() - start), finished, (finished - finishedBefore) / (double) PROGRESS_EVERY.toSeconds(),
        PROGRESS_EVERY.toSeconds(), driver.retries(), cluster.running()));
    return finished;
  }

  private static void report(TransferDriver driver, long driven, double drivenSeconds, BankInvariant.Verdict verdict) {
    long completed = driver.outcomes().stream().filter(TransferDriver.Outcome::completed).count();
    long failed = driver.outcomes().size() - completed;
    long refunded = driver.outcomes().stream().filter(o -> o.reason().contains("refunded")).count();
    say("result:");
    say(String.format(Locale.ROOT, "  throughput: %.1f transfers/s (%d finished in %.0f s of driving)",
        driven / drivenSeconds, driven, drivenSeconds));
    say("  transfers: " + driver.sentCount() + " sent, " + completed + " completed, " + failed + " failed ("
        + (failed - refunded) + " debit refused for lack of funds, " + refunded + " refunded after a refused credit), "
        + driver.retries() + " requests retried on another node");
    for (TransferDriver.Disruption disruption : driver.disruptions()) {
      List<Duration> times = disruption.recoveries.stream().sorted().toList();
      if (times.isEmpty()) {
        say("  " + disruption.what + ": no transfer went unanswered");
      } else {
        say(String.format(Locale.ROOT, "  %s: %d transfers affected; from it to their first answer: median %.1f s, max %.1f s",
            disruption.what, times.size(), times.get(times.size() / 2).toMillis() / 1000.0,
            times.get(times.size() - 1).toMillis() / 1000.0));
      }
    }
    if (!driver.refused().isEmpty()) {
      say("  refused by the API (a bug): " + driver.refused().size() + ", for example " + driver.refused().entrySet().iterator().next());
    }
    if (verdict.holds()) {
      say("  invariant HOLDS: the balances sum to " + verdict.actualSum() + " as opened, every completed transfer was debited"
          + " and credited once, every failed one left both accounts whole");
    } else {
      say("  invariant VIOLATED:");
      verdict.problems().forEach(problem -> say("    " + problem));
    }
  }

  private void printTryIt(DemoNodes cluster, Map<String, Long> opening) {
    List<String> ids = new ArrayList<>(opening.keySet());
    int http = cluster.nodes().get(0).httpPort();
    int last = cluster.nodes().get(nodes - 1).httpPort();
    say("the nodes keep running; Ctrl-C stops them. Try:");
    say("  curl http://127.0.0.1:" + http + "/accounts/" + ids.get(0));
    say("  curl -X POST 'http://127.0.0.1:" + http + "/transfers/my-first?from=" + ids.get(0) + "&to=" + ids.get(1) + "&amount=5'");
    say("  curl http://127.0.0.1:" + last + "/transfers/my-first");
    say("  curl http://127.0.0.1:" + (basePort + 10000) + "/atoll/failover");
    List<Integer> running = cluster.running();
    if (!running.isEmpty()) {
      say("  kill -9 " + cluster.pid(running.get(running.size() - 1)) + "   # a crash; its shards fail over to the others");
    }
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }

  private static void say(String line) {
    System.out.println("atoll demo: " + line);
  }
}
