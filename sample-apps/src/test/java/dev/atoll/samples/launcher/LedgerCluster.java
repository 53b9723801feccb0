package dev.atoll.samples.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atoll.samples.ledger.LedgerHttp;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A local cluster of ledger nodes for crash tests: each node is its own JVM started through {@code
 * bin/atoll node --app ledger}, with its own data directory kept across restarts, and is driven
 * only from outside, over HTTP (the ledger API and the management endpoint), the way an operator
 * and a client would. Signals go to the PIDs this class started, never to processes found by name.
 */
final class LedgerCluster implements AutoCloseable {

  /** One node's fixed identity: its ports and data directory survive restarts. */
  record Node(int index, int port, int httpPort, int managementPort, Path dataDir, Path configFile) {
    String name() {
      return "node-" + index;
    }

    String protocolName() {
      return "127.0.0.1:" + port;
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path home;
  private final Path logs;
  private final List<Node> nodes = new ArrayList<>();
  private final NodeProcess[] processes;
  private final int[] starts;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  LedgerCluster(Path workDir, String logName, int size, String extraConfig) throws IOException {
    this.home = NodeProcess.atollHome();
    this.logs = home.resolve("sample-apps/target/it-logs/" + logName);
    this.processes = new NodeProcess[size];
    this.starts = new int[size];
    int[] ports = NodeProcess.freePorts(3 * size);
    for (int i = 0; i < size; i++) {
      Path config = workDir.resolve("node-" + i + ".conf");
      int management = ports[3 * i + 2];
      Files.writeString(config, "atoll.management.port = " + management + "\n" + extraConfig + "\n");
      nodes.add(new Node(i, ports[3 * i], ports[3 * i + 1], management, workDir.resolve("data-" + i), config));
    }
  }

  List<Node> nodes() {
    return nodes;
  }

  /** Starts node {@code i} (again, with its old data directory, if it ran before). */
  void start(int i) throws IOException {
    Node node = nodes.get(i);
    List<String> args = new ArrayList<>(List.of("node", "--host", "127.0.0.1", "--port", String.valueOf(node.port())));
    // Pekko lets the first seed node form a new cluster by itself when no other seed answers within
    // seed-node-timeout. That is how the first cluster forms; for a node that rejoins, on a machine
    // so busy that the others answer late, it would split the cluster. So a restarted node lists
    // the running nodes first and never heads its own seed list.
    List<Node> seeds = new ArrayList<>();
    if (starts[i] > 0) {
      nodes.stream().filter(other -> other.index() != i && isRunning(other.index())).forEach(seeds::add);
      nodes.stream().filter(other -> !seeds.contains(other)).forEach(seeds::add);
    } else {
      seeds.addAll(nodes);
    }
    for (Node seed : seeds) {
      args.addAll(List.of("--seed", "127.0.0.1:" + seed.port()));
    }
    args.addAll(List.of("--data-dir", node.dataDir().toString(), "--config", node.configFile().toString(),
        "--app", "ledger", "--http-port", String.valueOf(node.httpPort())));
    processes[i] = NodeProcess.start(home, node.name(), logs.resolve(node.name() + "-run" + (++starts[i]) + ".log"), args);
  }

  NodeProcess process(int i) {
    return processes[i];
  }

  boolean isRunning(int i) {
    return processes[i] != null && processes[i].isAlive();
  }

  /** Waits until every running node sees exactly the running nodes Up and reachable. */
  void awaitMembers(Duration timeout) throws InterruptedException {
    List<Integer> running = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      if (isRunning(i)) {
        running.add(i);
      }
    }
    awaitTrue(timeout, "every running node " + running + " to see " + running.size() + " members Up", () -> {
      for (int i : running) {
        JsonNode members = get(nodes.get(i).managementPort(), "/atoll/members").orElse(null);
        if (members == null) {
          return false;
        }
        long up = 0;
        for (JsonNode member : members.path("members")) {
          if (member.path("status").asText().equals("UP") && member.path("reachable").asBoolean()) {
            up++;
          }
        }
        if (up != running.size() || members.path("members").size() != running.size()) {
          return false;
        }
      }
      return true;
    });
  }

  /** Appends {@code value} to ledger {@code id} through node {@code i}: the values if acknowledged. */
  Optional<List<String>> append(int i, String id, String value) {
    String query = "?value=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    return ledgerValues(ledgerRequest(i, id + query).POST(HttpRequest.BodyPublishers.noBody()).build());
  }

  /** The values of ledger {@code id}, read through node {@code i}, if it answers. */
  Optional<List<String>> read(int i, String id) {
    return ledgerValues(ledgerRequest(i, id).GET().build());
  }

  private HttpRequest.Builder ledgerRequest(int i, String pathAndQuery) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + nodes.get(i).httpPort() + "/ledger/" + pathAndQuery))
        .timeout(Duration.ofSeconds(8));
  }

  /** The values the ledger API answered with, or empty if it did not answer 200 (or at all). */
  private Optional<List<String>> ledgerValues(HttpRequest request) {
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? Optional.of(LedgerHttp.values(response.body())) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** {@code GET /atoll/failover} of node {@code i}. */
  Optional<JsonNode> failover(int i) {
    return get(nodes.get(i).managementPort(), "/atoll/failover");
  }

  /** Node {@code i}'s copy of a ledger's log: (sequence number, epoch, payload hash) per event. */
  Optional<JsonNode> log(int i, String persistenceId) {
    return get(nodes.get(i).managementPort(),
        "/atoll/failover/log?persistence-id=" + URLEncoder.encode(persistenceId, StandardCharsets.UTF_8));
  }

  /** The shards node {@code i} serves as established primary. */
  List<Integer> establishedPrimaryShards(int i) {
    List<Integer> shards = new ArrayList<>();
    failover(i).ifPresent(view -> view.path("primaries").forEach(p -> {
      if (p.path("state").asText().equals("established")) {
        shards.add(p.path("shard").asInt());
      }
    }));
    return shards;
  }

  /**
   * Waits until every running node's primaries are established with as many complete copies as
   * running nodes (up to three): re-replication has caught up everywhere.
   */
  void awaitFullyReplicated(Duration timeout) throws InterruptedException {
    awaitTrue(timeout, "every shard established with a complete copy on every running node", () -> {
      int running = 0;
      for (int i = 0; i < nodes.size(); i++) {
        running += isRunning(i) ? 1 : 0;
      }
      int established = 0;
      for (int i = 0; i < nodes.size(); i++) {
        if (!isRunning(i)) {
          continue;
        }
        JsonNode view = failover(i).orElse(null);
        if (view == null || view.path("underReplicated").asInt() > 0 || view.path("unavailable").asInt() > 0) {
          return false;
        }
        for (JsonNode primary : view.path("primaries")) {
          if (!primary.path("state").asText().equals("established") || primary.path("replicas").size() != Math.min(3, running)) {
            return false;
          }
          established++;
        }
      }
      return established > 0;
    });
  }

  /**
   * Every running node holds the same log for each ledger: the same sequence numbers, epochs and
   * payloads, nothing more and nothing less.
   */
  void assertReplicasAgree(Iterable<String> ledgerIds, Duration timeout) throws InterruptedException {
    for (String id : ledgerIds) {
      String pid = "Ledger|" + id;
      awaitTrue(timeout, "every copy of " + pid + " to agree", () -> {
        JsonNode reference = null;
        for (int i = 0; i < nodes.size(); i++) {
          if (!isRunning(i)) {
            continue;
          }
          JsonNode events = log(i, pid).orElseThrow().path("events");
          if (reference == null) {
            reference = events;
          } else if (!reference.equals(events)) {
            return false;
          }
        }
        return reference != null && reference.size() > 0;
      });
    }
  }

  private Optional<JsonNode> get(int port, String path) {
    try {
      HttpResponse<String> response = http.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? Optional.of(JSON.readTree(response.body())) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  interface Check {
    boolean holds() throws Exception;
  }

  /** Polls {@code check} every 200 ms until it holds; fails naming {@code what} after {@code timeout}. */
  static void awaitTrue(Duration timeout, String what, Check check) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Exception last = null;
    while (System.nanoTime() < deadline) {
      try {
        if (check.holds()) {
          return;
        }
      } catch (Exception e) {
        last = e;
      }
      Thread.sleep(200); // polling interval of an awaited condition, not a timing assumption
    }
    throw new AssertionError("timed out after " + timeout + " waiting for " + what, last);
  }

  /** SIGKILLs every node this cluster started that still runs. */
  @Override
  public void close() throws InterruptedException {
    for (NodeProcess process : processes) {
      if (process != null) {
        try {
          process.resume(); // a paused JVM must run to die cleanly under SIGKILL's reaping
        } catch (IOException | RuntimeException e) {
          // already gone
        }
        process.close();
      }
    }
  }
}
