package dev.atoll.samples.launcher;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValueFactory;
import dev.atoll.framework.AtollConfigException;
import dev.atoll.framework.AtollNode;
import dev.atoll.journal.AtollJournalStorage;
import dev.atoll.samples.bank.BankHttp;
import dev.atoll.samples.ledger.LedgerHttp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code atoll node}: starts one Atoll node in this JVM and runs until the node stops (SIGTERM or
 * Ctrl-C leaves the cluster gracefully through Pekko's coordinated shutdown).
 *
 * <p>Options override the config file, which overrides {@code application.conf} and the defaults.
 */
@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    description = {
      "Starts one Atoll node and runs it until it is stopped.",
      "Options override keys of the --config file, which override the defaults (reference.conf)."
    })
final class NodeCommand implements Callable<Integer> {

  @Option(names = "--host", paramLabel = "HOST", description = "Host or IP to bind and be reached at (atoll.node.host). Default: 127.0.0.1.")
  String host;

  @Option(names = "--port", paramLabel = "PORT", description = "Cluster transport port, 0-65535 (atoll.node.port). Default: 2551.")
  Integer port;

  @Option(
      names = "--seed",
      paramLabel = "HOST:PORT",
      description = "A seed node to join; repeat for several (atoll.node.seed-nodes). Give the same seeds to every node.")
  List<String> seeds = new ArrayList<>();

  @Option(names = "--role", paramLabel = "ROLE", description = "A cluster role of this node; repeat for several (atoll.node.roles).")
  List<String> roles = new ArrayList<>();

  @Option(names = "--data-dir", paramLabel = "DIR", description = "Directory for this node's durable data (atoll.node.data-dir). Keep it across restarts.")
  Path dataDir;

  @Option(
      names = "--app",
      paramLabel = "APP",
      description = "A sample application to run on this node: ledger or bank (its HTTP API needs --http-port).")
  private List<String> apps = new ArrayList<>();

  @Option(names = "--http-port", paramLabel = "PORT", description = "Port of the sample applications' HTTP API, on --host.")
  private Integer httpPort;

  @Option(names = "--config", paramLabel = "FILE", description = "A HOCON file with atoll.* and pekko.* settings.")
  Path configFile;

  /**
   * What an Atoll node uses unless the user's config says otherwise: the embedded journal and
   * snapshot store. Layered below the user's application.conf and above Pekko's defaults.
   */
  private static final String NODE_DEFAULTS =
      "pekko.persistence.journal.plugin = \"atoll.journal\"\n"
          + "pekko.persistence.snapshot-store.plugin = \"atoll.snapshot-store\"\n";

  @Override
  public Integer call() {
    AtollNode node = AtollNode.start(config());
    openJournalIfUsed(node);
    startApps(node);
    System.out.println("atoll: node " + node.selfAddress() + " started; data in " + node.settings().node().dataDirectory());
    node.whenTerminated().toCompletableFuture().join();
    System.out.println("atoll: node " + node.selfAddress() + " stopped");
    return 0;
  }

  /** The node's config: command-line options over the file over application.conf and defaults. */
  Config config() {
    Config options = ConfigFactory.empty("command-line options");
    if (host != null) {
      options = options.withValue("atoll.node.host", ConfigValueFactory.fromAnyRef(host, "--host"));
    }
    if (port != null) {
      options = options.withValue("atoll.node.port", ConfigValueFactory.fromAnyRef(port, "--port"));
    }
    if (!seeds.isEmpty()) {
      options = options.withValue("atoll.node.seed-nodes", ConfigValueFactory.fromIterable(seeds, "--seed"));
    }
    if (!roles.isEmpty()) {
      options = options.withValue("atoll.node.roles", ConfigValueFactory.fromIterable(roles, "--role"));
    }
    if (dataDir != null) {
      options = options.withValue("atoll.node.data-dir", ConfigValueFactory.fromAnyRef(dataDir.toString(), "--data-dir"));
    }
    Config file = ConfigFactory.empty();
    if (configFile != null) {
      if (!Files.isReadable(configFile)) {
        throw new AtollConfigException(List.of("--config " + configFile + ": no such readable file"));
      }
      file = ConfigFactory.parseFile(configFile.toFile());
    }
    return options
        .withFallback(file)
        .withFallback(ConfigFactory.defaultApplication())
        .withFallback(ConfigFactory.parseString(NODE_DEFAULTS, ConfigParseOptions.defaults().setOriginDescription("atoll node defaults")))
        .withFallback(ConfigFactory.defaultReference())
        .resolve();
  }

  private void startApps(AtollNode node) {
    for (String app : apps) {
      if (!app.equals("ledger") && !app.equals("bank")) {
        node.system().terminate();
        throw new AtollConfigException(List.of("--app " + app + ": unknown sample application (known: ledger, bank)"));
      }
      if (httpPort == null) {
        node.system().terminate();
        throw new AtollConfigException(List.of("--app " + app + " needs --http-port for its HTTP API"));
      }
      String host = node.settings().node().host();
      if (app.equals("ledger")) {
        LedgerHttp.start(node.system(), host, httpPort).toCompletableFuture().join();
        System.out.println("atoll: ledger API on http://" + host + ":" + httpPort + "/ledger/<id>");
      } else {
        BankHttp.start(node.system(), host, httpPort).toCompletableFuture().join();
        System.out.println("atoll: bank API on http://" + host + ":" + httpPort + "/accounts/<id> and /transfers/<id>");
      }
    }
  }

  /**
   * Opens the embedded journal now when the node uses it, so that a locked, corrupted or
   * unreadable data directory stops the node at start (with the path and cause) instead of
   * failing its first persist.
   */
  private static void openJournalIfUsed(AtollNode node) {
    if (!"atoll.journal".equals(node.system().settings().config().getString("pekko.persistence.journal.plugin"))) {
      return;
    }
    try {
      AtollJournalStorage.get(node.system()).start();
    } catch (RuntimeException e) {
      node.system().terminate();
      throw e;
    }
  }
}
