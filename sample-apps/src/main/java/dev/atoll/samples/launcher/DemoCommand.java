package dev.atoll.samples.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code atoll demo}: the ledger sample on a local cluster of node JVMs, started with one command.
 * Each node is a child process of this one (same Java, same class path) whose PID this command
 * keeps and prints; their output is shown with a {@code [node-i]} prefix. Ctrl-C (or SIGTERM) stops
 * every node gracefully, and kills any that does not stop within 20 s, by its PID.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the ledger sample on a local cluster of node JVMs until Ctrl-C.",
      "Kill one node (kill -9 <pid>, the PIDs are printed) and read its ledgers through another."})
final class DemoCommand implements Callable<Integer> {

  @Option(names = "--nodes", paramLabel = "N", description = "Number of node JVMs, 1 to 9. Default: 3.")
  private int nodes = 3;

  @Option(names = "--base-port", paramLabel = "PORT", description = "Cluster port of node-0; node-i uses PORT+i (management: +10000). Default: 2551.")
  private int basePort = 2551;

  @Option(names = "--http-base-port", paramLabel = "PORT", description = "Ledger HTTP port of node-0; node-i uses PORT+i. Default: 8081.")
  private int httpBasePort = 8081;

  @Option(names = "--data-root", paramLabel = "DIR", description = "Data directories node-0..node-N-1 live under DIR (kept across runs). Default: ./atoll-demo-data.")
  private Path dataRoot = Path.of("atoll-demo-data");

  private final List<Process> children = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    if (nodes < 1 || nodes > 9) {
      throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--nodes " + nodes + ": must be 1 to 9");
    }
    Runtime.getRuntime().addShutdownHook(new Thread(this::stopChildren, "atoll-demo-stop"));
    for (int i = 0; i < nodes; i++) {
      Process child = startNode(i);
      children.add(child);
      System.out.println("atoll demo: node-" + i + " pid " + child.pid() + ", cluster port " + (basePort + i)
          + ", ledger API http://127.0.0.1:" + (httpBasePort + i) + "/ledger/<id>");
    }
    awaitCluster();
    System.out.println("atoll demo: " + nodes + " nodes up. Try:");
    System.out.println("  curl -X POST 'http://127.0.0.1:" + httpBasePort + "/ledger/alice?value=first'");
    System.out.println("  curl http://127.0.0.1:" + (httpBasePort + nodes - 1) + "/ledger/alice");
    System.out.println("  curl http://127.0.0.1:" + (basePort + 10000) + "/atoll/failover");
    System.out.println("  kill -9 " + children.get(nodes - 1).pid() + "   # a crash; its shards fail over to the others");
    for (Process child : children) {
      child.waitFor();
    }
    return 0;
  }

  private Process startNode(int i) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-Xmx256m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(AtollLauncher.class.getName());
    command.addAll(List.of("node", "--host", "127.0.0.1", "--port", String.valueOf(basePort + i)));
    for (int seed = 0; seed < nodes; seed++) {
      command.addAll(List.of("--seed", "127.0.0.1:" + (basePort + seed)));
    }
    command.addAll(List.of("--data-dir", dataRoot.resolve("node-" + i).toString(), "--app", "ledger",
        "--http-port", String.valueOf(httpBasePort + i)));
    Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
    Thread output = new Thread(() -> prefixOutput("[node-" + i + "] ", child), "output-of-node-" + i);
    output.setDaemon(true);
    output.start();
    return child;
  }

  private static void prefixOutput(String prefix, Process child) {
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        System.out.println(prefix + line);
      }
    } catch (IOException e) {
      // the node's output ended with the node
    }
  }

  /** Waits until node-0's management endpoint lists every node Up (or a node dies). */
  private void awaitCluster() throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    URI members = URI.create("http://127.0.0.1:" + (basePort + 10000) + "/atoll/members");
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (System.nanoTime() < deadline) {
      for (Process child : children) {
        if (!child.isAlive()) {
          throw new IllegalStateException("a node exited with code " + child.exitValue() + " before the cluster formed (see its output above)");
        }
      }
      try {
        String body = http.send(HttpRequest.newBuilder(members).timeout(Duration.ofSeconds(2)).GET().build(),
            HttpResponse.BodyHandlers.ofString()).body();
        if (body.split("\"UP\"", -1).length - 1 >= nodes) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      TimeUnit.MILLISECONDS.sleep(500);
    }
    throw new IllegalStateException("the " + nodes + " nodes did not form a cluster within 3 minutes");
  }

  /** SIGTERM to every node (each leaves the cluster), then SIGKILL to any still running after 20 s. */
  private void stopChildren() {
    for (Process child : children) {
      child.destroy();
    }
    for (Process child : children) {
      try {
        if (!child.waitFor(20, TimeUnit.SECONDS)) {
          child.destroyForcibly();
        }
      } catch (InterruptedException e) {
        child.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
