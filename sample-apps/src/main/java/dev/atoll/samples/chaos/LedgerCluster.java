package dev.atoll.samples.chaos;

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
import java.util.function.IntFunction;

/**
 * A local cluster of ledger nodes for crash tests and the chaos harness: each node is its own JVM
 * started through {@code bin/atoll node --app ledger}, with its own data directory kept across
 * restarts, and is driven only from outside, over HTTP (the ledger API and the management
 * endpoint), the way an operator and a client would. Signals go to the PIDs this class started,
 * never to processes found by name.
 *
 * <p>Each node may have its own loopback address (127.0.0.2, 127.0.0.3, ...): it binds its cluster
 * transport, management endpoint and ledger API there and opens its outgoing cluster connections
 * from there, so that traffic between two nodes can be told apart by address (the chaos
 * harness's partitions). Clients connect from 127.0.0.1.
 */
public final class LedgerCluster implements AutoCloseable {

  /** One node's fixed identity: its address, ports and data directory survive restarts. */
  public record Node(int index, String host, int port, int httpPort, int managementPort, Path dataDir, Path configFile) {
    public String name() {
      return "node-" + index;
    }

    public String protocolName() {
      return host + ":" + port;
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<String> launcher;
  private final Path logs;
  private final List<Node> nodes = new ArrayList<>();
  private final NodeProcess[] processes;
  private final int[] starts;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** Nodes on 127.0.0.1 started through {@code bin/atoll}, logs under {@code sample-apps/target/it-logs/<logName>}. */
  public LedgerCluster(Path workDir, String logName, int size, String extraConfig) throws IOException {
    this(NodeProcess.binAtoll(NodeProcess.atollHome()), workDir,
        NodeProcess.atollHome().resolve("sample-apps/target/it-logs/" + logName), size, extraConfig, i -> "127.0.0.1");
  }

  /**
   * Nodes started with {@code launcher} (see {@link NodeProcess#binAtoll}), data in {@code
   * workDir/data-<i>}, output in {@code logs}, node {@code i} on address {@code hostOf(i)}.
   */
  public LedgerCluster(List<String> launcher, Path workDir, Path logs, int size, String extraConfig, IntFunction<String> hostOf)
      throws IOException {
    this.launcher = List.copyOf(launcher);
    this.logs = logs;
    this.processes = new NodeProcess[size];
    this.starts = new int[size];
    int[] ports = NodeProcess.freePorts(3 * size);
    Files.createDirectories(workDir);
    for (int i = 0; i < size; i++) {
      String host = hostOf.apply(i);
      Path config = workDir.resolve("node-" + i + ".conf");
      int management = ports[3 * i + 2];
      Files.writeString(config, "atoll.management.port = " + management + "\n"
          + "atoll.management.host = \"" + host + "\"\n"
          + "pekko.remote.artery.advanced.tcp.outbound-client-hostname = \"" + host + "\"\n"
          + extraConfig + "\n");
      nodes.add(new Node(i, host, ports[3 * i], ports[3 * i + 1], management, workDir.resolve("data-" + i), config));
    }
  }

  public List<Node> nodes() {
    return nodes;
  }

  /** Starts node {@code i} (again, with its old data directory, if it ran before). */
  public void start(int i) throws IOException {
    Node node = nodes.get(i);
    List<String> args = new ArrayList<>(List.of("node", "--host", node.host(), "--port", String.valueOf(node.port())));
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
      args.addAll(List.of("--seed", seed.protocolName()));
    }
    args.addAll(List.of("--data-dir", node.dataDir().toString(), "--config", node.configFile().toString(),
        "--app", "ledger", "--http-port", String.valueOf(node.httpPort())));
    processes[i] = NodeProcess.start(launcher, node.name(), logs.resolve(node.name() + "-run" + (++starts[i]) + ".log"), args);
  }

  public NodeProcess process(int i) {
    return processes[i];
  }

  public boolean isRunning(int i) {
    return processes[i] != null && processes[i].isAlive();
  }

  /** Waits until every running node sees exactly the running nodes Up and reachable. */
  public void awaitMembers(Duration timeout) throws InterruptedException {
    awaitTrue(timeout, "every running node " + running() + " to see " + running().size() + " members Up", this::membersConverged);
  }

  /** The nodes whose process runs. */
  public List<Integer> running() {
    List<Integer> running = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      if (isRunning(i)) {
        running.add(i);
      }
    }
    return running;
  }

  /** Whether every running node sees exactly the running nodes Up and reachable, right now. */
  public boolean membersConverged() {
    List<Integer> running = running();
    for (int i : running) {
      JsonNode members = get(i, "/atoll/members").orElse(null);
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
    return !running.isEmpty();
  }

  /** Appends {@code value} to ledger {@code id} through node {@code i}: the values if acknowledged. */
  public Optional<List<String>> append(int i, String id, String value) {
    String query = "?value=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    return ledgerValues(ledgerRequest(i, id + query).POST(HttpRequest.BodyPublishers.noBody()).build());
  }

  /** What a client learned from one request: the ledger's values, or why there are none. */
  public record Reply(Outcome outcome, List<String> values, String detail) {}

  /**
   * {@link Outcome#OK}: 200 with the values; {@link Outcome#NOT_SENT}: no connection could be made,
   * so the request certainly did not take effect; {@link Outcome#UNKNOWN}: an error answer or a
   * timeout after the request may have been delivered.
   */
  public enum Outcome { OK, NOT_SENT, UNKNOWN }

  /** Appends {@code value} to ledger {@code id} through node {@code i} and says what came of it. */
  public Reply tryAppend(int i, String id, String value) {
    String query = "?value=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    return send(ledgerRequest(i, id + query).POST(HttpRequest.BodyPublishers.noBody()).build());
  }

  /** Reads ledger {@code id} through node {@code i} and says what came of it. */
  public Reply tryRead(int i, String id) {
    return send(ledgerRequest(i, id).GET().build());
  }

  private Reply send(HttpRequest request) {
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200
          ? new Reply(Outcome.OK, LedgerHttp.values(response.body()), "")
          : new Reply(Outcome.UNKNOWN, List.of(), "HTTP " + response.statusCode());
    } catch (java.net.ConnectException | java.net.http.HttpConnectTimeoutException e) {
      return new Reply(Outcome.NOT_SENT, List.of(), String.valueOf(e));
    } catch (IOException e) {
      return new Reply(Outcome.UNKNOWN, List.of(), String.valueOf(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Reply(Outcome.UNKNOWN, List.of(), "interrupted");
    }
  }

  /** The values of ledger {@code id}, read through node {@code i}, if it answers. */
  public Optional<List<String>> read(int i, String id) {
    return ledgerValues(ledgerRequest(i, id).GET().build());
  }

  private HttpRequest.Builder ledgerRequest(int i, String pathAndQuery) {
    return HttpRequest.newBuilder(URI.create("http://" + nodes.get(i).host() + ":" + nodes.get(i).httpPort() + "/ledger/" + pathAndQuery))
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
  public Optional<JsonNode> failover(int i) {
    return get(i, "/atoll/failover");
  }

  /** Node {@code i}'s copy of a ledger's log: (sequence number, epoch, payload hash) per event. */
  public Optional<JsonNode> log(int i, String persistenceId) {
    return get(i,
        "/atoll/failover/log?persistence-id=" + URLEncoder.encode(persistenceId, StandardCharsets.UTF_8));
  }

  /** The shards node {@code i} serves as established primary. */
  public List<Integer> establishedPrimaryShards(int i) {
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
  public void awaitFullyReplicated(Duration timeout) throws InterruptedException {
    awaitTrue(timeout, "every shard established with a complete copy on every running node", this::fullyReplicated);
  }

  /** Whether, right now, every running node's primaries are established with a complete copy on every running node (up to three). */
  public boolean fullyReplicated() {
    int running = running().size();
    int established = 0;
    for (int i : running()) {
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
  }

  /**
   * Why, right now, {@link #membersConverged()} or {@link #fullyReplicated()} does not hold: per
   * running node, the members it does not see Up and reachable, and its primaries that are not
   * established with a full replica set (state, epoch, replicas, complete backups, detail). Empty
   * when both hold. Printed when a fault does not recover, so that a CI log says what was stuck.
   */
  public List<String> recoveryBlockers() {
    List<String> blockers = new ArrayList<>();
    int running = running().size();
    for (int i : running()) {
      String name = nodes.get(i).name();
      JsonNode members = get(i, "/atoll/members").orElse(null);
      if (members == null) {
        blockers.add(name + ": /atoll/members does not answer");
      } else {
        List<String> notUp = new ArrayList<>();
        members.path("members").forEach(m -> {
          if (!m.path("status").asText().equals("UP") || !m.path("reachable").asBoolean()) {
            notUp.add(m.path("address").asText() + " " + m.path("status").asText() + (m.path("reachable").asBoolean() ? "" : " unreachable"));
          }
        });
        if (!notUp.isEmpty() || members.path("members").size() != running) {
          blockers.add(name + ": sees " + members.path("members").size() + " members of " + running + " running" + (notUp.isEmpty() ? "" : ", not Up: " + notUp));
        }
      }
      JsonNode view = failover(i).orElse(null);
      if (view == null) {
        blockers.add(name + ": /atoll/failover does not answer");
        continue;
      }
      List<String> stuck = new ArrayList<>();
      view.path("primaries").forEach(p -> {
        if (!p.path("state").asText().equals("established") || p.path("replicas").size() != Math.min(3, running) || p.path("underReplicated").asBoolean()) {
          stuck.add("shard " + p.path("shard").asInt() + " " + p.path("state").asText() + " epoch " + p.path("epoch").asText() + " replicas "
              + p.path("replicas") + " complete backups " + p.path("completeBackups").asInt() + (p.path("detail").asText().isEmpty() ? "" : " (" + p.path("detail").asText() + ")"));
        }
      });
      if (!stuck.isEmpty() || view.path("unavailable").asInt() > 0) {
        blockers.add(name + ": " + view.path("underReplicated").asInt() + " under-replicated, " + view.path("unavailable").asInt() + " unavailable; "
            + String.join("; ", stuck.subList(0, Math.min(5, stuck.size()))) + (stuck.size() > 5 ? "; and " + (stuck.size() - 5) + " more" : ""));
      }
    }
    return blockers;
  }

  /**
   * Every running node holds the same log for each ledger: the same sequence numbers, epochs and
   * payloads, nothing more and nothing less.
   */
  public void assertReplicasAgree(Iterable<String> ledgerIds, Duration timeout) throws InterruptedException {
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

  /** {@code GET path} on node {@code i}'s management endpoint, if it answers 200 with JSON. */
  public Optional<JsonNode> get(int i, String path) {
    Node node = nodes.get(i);
    try {
      HttpResponse<String> response = http.send(
          HttpRequest.newBuilder(URI.create("http://" + node.host() + ":" + node.managementPort() + path)).timeout(Duration.ofSeconds(5)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? Optional.of(JSON.readTree(response.body())) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  public interface Check {
    boolean holds() throws Exception;
  }

  /** Polls {@code check} every 200 ms until it holds; fails naming {@code what} after {@code timeout}. */
  public static void awaitTrue(Duration timeout, String what, Check check) throws InterruptedException {
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
