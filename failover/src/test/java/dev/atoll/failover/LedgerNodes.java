package dev.atoll.failover;

import com.typesafe.config.ConfigFactory;
import dev.atoll.framework.AtollNode;
import dev.atoll.sharding.Entities;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The in-JVM nodes of one failover test: each an {@link AtollNode} on a free port with its own data
 * directory under the test's root, the embedded journal, 16 shards and the {@link Ledger} entity.
 */
final class LedgerNodes {

  private final Path dataRoot;
  private final String extraConfig;
  private final List<AtollNode> nodes = new ArrayList<>();

  /** Nodes under {@code dataRoot}, with {@code extraConfig} (HOCON) over the common settings. */
  LedgerNodes(Path dataRoot, String extraConfig) {
    this.dataRoot = dataRoot;
    this.extraConfig = extraConfig;
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

  /** Terminates every tracked node and waits for each. */
  void stopAll() {
    nodes.forEach(node -> node.system().terminate());
    nodes.forEach(node -> node.whenTerminated().toCompletableFuture().join());
  }
}
