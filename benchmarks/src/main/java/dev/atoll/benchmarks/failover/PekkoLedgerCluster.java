package dev.atoll.benchmarks.failover;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The baseline's side of the failover scenario: three {@link PekkoLedgerNode} JVMs sharing one
 * PostgreSQL database (created empty for the round). A ledger is served by the node its replies
 * name. The node JVMs run on this JVM's class path minus Atoll's own modules, so that nothing of
 * Atoll (its reference.conf defaults, its extensions) reaches the plain Pekko nodes.
 */
final class PekkoLedgerCluster implements LedgerCluster {

  private final String jdbcUrl;
  private final String jdbcUser;
  private final boolean tuned;
  private final Path logs;
  private final int[] ports;
  private final NodeJvm[] nodes = new NodeJvm[SIZE];
  private final LedgerApi api = new LedgerApi();

  PekkoLedgerCluster(String jdbcUrl, String jdbcUser, boolean tuned, Path logs) throws IOException {
    this.jdbcUrl = jdbcUrl;
    this.jdbcUser = jdbcUser;
    this.tuned = tuned;
    this.logs = logs;
    this.ports = NodeJvm.freePorts(2 * SIZE); // cluster and HTTP port of each node
  }

  @Override
  public void start() throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    for (int i = 0; i < SIZE; i++) {
      List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-cp", pekkoOnlyClassPath(System.getProperty("java.class.path")),
          PekkoLedgerNode.class.getName(), "--port", String.valueOf(ports[2 * i]), "--http-port", String.valueOf(httpPort(i)),
          "--jdbc-url", jdbcUrl, "--jdbc-user", jdbcUser));
      for (int seed = 0; seed < SIZE; seed++) {
        command.addAll(List.of("--seed", "127.0.0.1:" + ports[2 * seed]));
      }
      if (tuned) {
        command.add("--tuned");
      }
      nodes[i] = NodeJvm.start("node-" + i, command, Map.of(), logs.resolve("node-" + i + ".log"));
    }
  }

  /** {@code classPath} without Atoll's module jars or class directories (the benchmarks' own stay). */
  static String pekkoOnlyClassPath(String classPath) {
    List<String> kept = new ArrayList<>();
    for (String entry : classPath.split(File.pathSeparator)) {
      Path path = Path.of(entry);
      String file = path.getFileName() == null ? "" : path.getFileName().toString();
      boolean atollJar = file.startsWith("atoll-") && !file.startsWith("atoll-benchmarks");
      boolean atollClasses = entry.replace('\\', '/').matches(".*/target/(test-)?classes/?")
          && !entry.replace('\\', '/').matches(".*/benchmarks/target/classes/?");
      if (!atollJar && !atollClasses) {
        kept.add(entry);
      }
    }
    return String.join(File.pathSeparator, kept);
  }

  @Override
  public int httpPort(int i) {
    return ports[2 * i + 1];
  }

  @Override
  public boolean formed() {
    for (int i = 0; i < SIZE; i++) {
      JsonNode members = api.get(httpPort(i), "/members").orElse(null);
      if (members == null || members.path("up").asInt() != SIZE) {
        return false;
      }
    }
    return true;
  }

  @Override
  public List<String> servedBy(int victim, List<String> ledgers) {
    String node = "127.0.0.1:" + ports[2 * victim];
    List<String> served = new ArrayList<>();
    for (String id : ledgers) {
      JsonNode values = api.get(httpPort(0), "/ledger/" + id)
          .orElseThrow(() -> new IllegalStateException(id + " did not answer a read before the kill"));
      if (values.path("node").asText().equals(node)) {
        served.add(id);
      }
    }
    return served;
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
  }
}
