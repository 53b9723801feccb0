package dev.atoll.failover;

import com.typesafe.config.ConfigFactory;
import dev.atoll.framework.AtollNode;
import dev.atoll.sharding.Entities;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The in-JVM nodes of one failover test: each an {@link AtollNode} on a free port with its own data
 * directory under a fresh directory per test, the embedded journal, 16 shards and the {@link
 * Ledger} entity. A JUnit extension ({@code @RegisterExtension}): after each test it stops the
 * nodes still tracked and deletes their data.
 */
final class LedgerNodes implements BeforeEachCallback, AfterEachCallback {

  private final String extraConfig;
  private final List<AtollNode> nodes = new ArrayList<>();
  private Path dataRoot;

  /** Nodes with {@code extraConfig} (HOCON) over the common settings. */
  LedgerNodes(String extraConfig) {
    this.extraConfig = extraConfig;
  }

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    dataRoot = Files.createTempDirectory("atoll-ledger-nodes-");
  }

  @Override
  public void afterEach(ExtensionContext context) throws IOException {
    nodes.forEach(node -> node.system().terminate());
    nodes.forEach(node -> node.whenTerminated().toCompletableFuture().join());
    nodes.clear();
    try (Stream<Path> files = Files.walk(dataRoot)) {
      files.sorted(Comparator.reverseOrder()).forEach(LedgerNodes::delete);
    }
  }

  private static void delete(Path path) {
    try {
      Files.delete(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts node {@code name}; it joins nobody until {@link #formCluster}. */
  AtollNode start(String name) {
    AtollNode node = AtollNode.start(ConfigFactory.parseString(
        "atoll.node { port = 0, data-dir = \"" + dataRoot.resolve(name) + "\" }\n"
            + "atoll.sharding { number-of-shards = 16, virtual-nodes = 64 }\n"
            + "atoll.management.enabled = off\n"
            + "pekko.persistence.journal.plugin = atoll.journal\n"
            + "pekko.persistence.snapshot-store.plugin = atoll.snapshot-store\n"
            + "pekko.cluster.sharding.distributed-data.durable.keys = []\n"
            + extraConfig));
    nodes.add(node);
    return node;
  }

  /** Joins every started node to the first, waits until all are up, and starts the ledgers on each. */
  void formCluster(Duration timeout) {
    nodes.forEach(node -> node.join(nodes.get(0).selfAddress()));
    nodes.forEach(node -> node.awaitUp(timeout));
    nodes.forEach(node -> Entities.get(node.system()).init(Ledger.spec()));
  }

  /** The nodes started and not {@linkplain #forget forgotten}. */
  List<AtollNode> all() {
    return Collections.unmodifiableList(nodes);
  }

  /** Stops tracking {@code node} (a test that stopped it itself). */
  void forget(AtollNode node) {
    nodes.remove(node);
  }
}
