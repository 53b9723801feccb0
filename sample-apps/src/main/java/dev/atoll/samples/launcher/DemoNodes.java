package dev.atoll.samples.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The node JVMs of {@code atoll demo}: child processes of this JVM (same Java, same class path),
 * each running {@code atoll node --app <app>} with its own ports and data directory, which survive
 * a restart. Every signal goes to a {@link Process} this class started, by its PID, never to a
 * process found by name. A node's output goes to {@code <data-root>/logs/node-<i>.log}, so that the
 * demo's own progress stays readable.
 */
final class DemoNodes implements AutoCloseable {

  /** One node's fixed identity. */
  record Node(int index, int port, int httpPort, int managementPort, Path dataDir, Path log) {
    String name() {
      return "node-" + index;
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String app;
  private final List<Node> nodes = new ArrayList<>();
  private final Process[] processes;
  private final List<Process> everyProcess = new ArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private boolean closed;

  DemoNodes(String app, int count, int basePort, int httpBasePort, Path dataRoot) throws IOException {
    this.app = app;
    this.processes = new Process[count];
    Files.createDirectories(dataRoot.resolve("logs"));
    for (int i = 0; i < count; i++) {
      nodes.add(new Node(i, basePort + i, httpBasePort + i, basePort + i + 10_000, dataRoot.resolve("node-" + i),
          dataRoot.resolve("logs").resolve("node-" + i + ".log")));
    }
  }

  List<Node> nodes() {
    return nodes;
  }

  int size() {
    return nodes.size();
  }

  /** Starts node {@code i}, or starts it again with its old data directory; returns its PID. */
  synchronized long start(int i) throws IOException {
    if (closed) {
      throw new IllegalStateException("the demo is stopping: " + nodes.get(i).name() + " is not started again");
    }
    Node node = nodes.get(i);
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path")));
    command.add(AtollLauncher.class.getName());
    command.addAll(List.of("node", "--host", "127.0.0.1", "--port", String.valueOf(node.port())));
    for (Node seed : seedsFor(i)) {
      command.addAll(List.of("--seed", "127.0.0.1:" + seed.port()));
    }
    command.addAll(List.of("--data-dir", node.dataDir().toString(), "--app", app, "--http-port", String.valueOf(node.httpPort())));
    Process process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(node.log().toFile()))
        .start();
    processes[i] = process;
    everyProcess.add(process);
    return process.pid();
  }

  /**
   * Every node, in order, for a first start. A node restarted into a running cluster lists the
   * running nodes first and so never heads its own seed list: Pekko lets the first seed form a new
   * cluster alone when no other seed answers in time, which on a busy machine would split the
   * cluster in two. A node restarted before any cluster formed gets the first start's list again:
   * otherwise, if it was node-0, no node would head its own list and none could form the cluster.
   */
  private List<Node> seedsFor(int i) {
    if (processes[i] == null || !anyOtherNodeIsAMember(i)) {
      return nodes;
    }
    List<Node> seeds = new ArrayList<>();
    nodes.stream().filter(other -> other.index() != i && isRunning(other.index())).forEach(seeds::add);
    nodes.stream().filter(other -> !seeds.contains(other)).forEach(seeds::add);
    return seeds;
  }

  /** Whether a running node other than {@code i} is in a cluster (sees a member Up, itself at least). */
  private boolean anyOtherNodeIsAMember(int i) {
    return running().stream().anyMatch(other -> other != i && membersUpSeenBy(other) > 0);
  }

  synchronized boolean isRunning(int i) {
    return processes[i] != null && processes[i].isAlive();
  }

  synchronized long pid(int i) {
    return processes[i].pid();
  }

  /** SIGKILL to node {@code i}: it gets no chance to leave the cluster or flush anything. */
  void kill(int i) throws InterruptedException {
    Process process;
    synchronized (this) {
      process = processes[i];
    }
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException(nodes.get(i).name() + " (pid " + process.pid() + ") survived SIGKILL for 30 s");
    }
  }

  /** The indices of the running nodes. */
  synchronized List<Integer> running() {
    List<Integer> running = new ArrayList<>();
    for (int i = 0; i < processes.length; i++) {
      if (isRunning(i)) {
        running.add(i);
      }
    }
    return running;
  }

  /** How many members node {@code i} sees Up and reachable, or -1 if it does not answer. */
  int membersUpSeenBy(int i) {
    try {
      URI uri = URI.create("http://127.0.0.1:" + nodes.get(i).managementPort() + "/atoll/members");
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        return -1;
      }
      int up = 0;
      for (JsonNode member : JSON.readTree(response.body()).path("members")) {
        if (member.path("status").asText().equals("UP") && member.path("reachable").asBoolean()) {
          up++;
        }
      }
      return up;
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /**
   * Waits until every node sees every node Up and reachable. A node that exits meanwhile is started
   * again, at most twice: on a very busy machine a JVM still starting can miss heartbeats for
   * longer than the failure detector allows, be downed by the others and stop itself; a restart
   * with its data directory joins again.
   */
  void awaitAllUp(Duration timeout, java.util.function.Consumer<String> say) throws InterruptedException, IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int[] restarts = new int[nodes.size()];
    while (System.nanoTime() < deadline) {
      for (int i = 0; i < nodes.size(); i++) {
        if (!isRunning(i)) {
          Node node = nodes.get(i);
          if (restarts[i]++ == 2) {
            throw new IllegalStateException(node.name() + " exited three times before the cluster formed; see " + node.log());
          }
          say.accept(node.name() + " exited with code " + processes[i].exitValue() + " before the cluster formed (see "
              + node.log() + "); starting it again, pid " + start(i));
        }
      }
      List<Integer> running = running();
      if (running.size() == nodes.size() && running.stream().allMatch(i -> membersUpSeenBy(i) == running.size())) {
        return;
      }
      TimeUnit.MILLISECONDS.sleep(500);
    }
    throw new IllegalStateException("the " + nodes.size() + " nodes did not form a cluster within " + timeout.toSeconds()
        + " s; see their logs under " + nodes.get(0).log().getParent());
  }

  /** Every PID this demo started, restarts included. */
  synchronized List<Long> everyPid() {
    return everyProcess.stream().map(Process::pid).toList();
  }

  /** Waits until every node has exited (killed, stopped, or at Ctrl-C). */
  void awaitExitOfAll() throws InterruptedException {
    while (!running().isEmpty()) {
      TimeUnit.SECONDS.sleep(1);
    }
  }

  /** SIGTERM to every node still running (each leaves the cluster), then SIGKILL to any still running after 20 s. */
  @Override
  public void close() {
    List<Process> alive;
    synchronized (this) {
      closed = true;
      alive = everyProcess.stream().filter(Process::isAlive).toList();
    }
    alive.forEach(Process::destroy);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    for (Process process : alive) {
      try {
        if (!process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
