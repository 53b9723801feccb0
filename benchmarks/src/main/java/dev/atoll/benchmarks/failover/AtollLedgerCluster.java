package dev.atoll.benchmarks.failover;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atoll.framework.ShardFunction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Atoll's side of the failover scenario: three {@code bin/atoll node --app ledger} JVMs with default
 * settings (the embedded journal replicated to two backups), as the README's "Failover in three
 * terminals" starts them. A ledger is served by node {@code i} when its shard's established primary
 * is node {@code i} ({@code GET /atoll/failover} on its management port).
 */
final class AtollLedgerCluster implements LedgerCluster {

  /** Atoll's default number of shards, which the nodes here run with. */
  private static final ShardFunction SHARDS = ShardFunction.of(256);

  private final Path home;
  private final Path work;
  private final Path logs;
  private final int[] ports;
  private final NodeJvm[] nodes = new NodeJvm[SIZE];
  private final LedgerApi api = new LedgerApi();

  AtollLedgerCluster(Path home, Path logs) throws IOException {
    this.home = home;
    this.logs = logs;
    this.work = Files.createTempDirectory("atoll-bench-failover-");
    this.ports = NodeJvm.freePorts(3 * SIZE); // cluster, HTTP and management port of each node
  }

  @Override
  public void start() throws IOException {
    for (int i = 0; i < SIZE; i++) {
      Path config = work.resolve("node-" + i + ".conf");
      Files.writeString(config, "atoll.management.port = " + managementPort(i) + "\n");
      List<String> command = new ArrayList<>(List.of(home.resolve("bin/atoll").toString(), "node",
          "--host", "127.0.0.1", "--port", String.valueOf(ports[3 * i])));
      for (int seed = 0; seed < SIZE; seed++) {
        command.addAll(List.of("--seed", "127.0.0.1:" + ports[3 * seed]));
      }
      command.addAll(List.of("--data-dir", work.resolve("data-" + i).toString(), "--config", config.toString(),
          "--app", "ledger", "--http-port", String.valueOf(httpPort(i))));
      nodes[i] = NodeJvm.start("node-" + i, command, Map.of("ATOLL_JAVA_OPTS", "-Xmx256m -XX:+UseSerialGC"),
          logs.resolve("node-" + i + ".log"));
    }
  }

  private int managementPort(int i) {
    return ports[3 * i + 2];
  }

  @Override
  public int httpPort(int i) {
    return ports[3 * i + 1];
  }

  @Override
  public boolean formed() {
    for (int i = 0; i < SIZE; i++) {
      JsonNode members = api.get(managementPort(i), "/atoll/members").orElse(null);
      if (members == null) {
        return false;
      }
      int up = 0;
      for (JsonNode member : members.path("members")) {
        if (member.path("status").asText().equals("UP") && member.path("reachable").asBoolean()) {
          up++;
        }
      }
      if (up != SIZE) {
        return false;
      }
    }
    return true;
  }

  @Override
  public List<String> servedBy(int victim, List<String> ledgers) {
    JsonNode view = api.get(managementPort(victim), "/atoll/failover")
        .orElseThrow(() -> new IllegalStateException("node-" + victim + " does not answer GET /atoll/failover"));
    Set<Integer> shards = new HashSet<>();
    view.path("primaries").forEach(primary -> {
      if (primary.path("state").asText().equals("established")) {
        shards.add(primary.path("shard").asInt());
      }
    });
    return ledgers.stream().filter(id -> shards.contains(SHARDS.shardOf(id))).toList();
  }

  @Override
  public void kill(int i) throws InterruptedException {
    nodes[i].kill();
  }

  @Override
  public String tail(int i) {
    return nodes[i] == null ? "(not started)" : nodes[i].tail();
  }

  @Override
  public void close() throws InterruptedException {
    for (NodeJvm node : nodes) {
      if (node != null) {
        node.close();
      }
    }
    Cleanup.delete(work);
  }
}
