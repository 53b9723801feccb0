package dev.atoll.benchmarks.failover;

import dev.atoll.benchmarks.harness.Contender;
import dev.atoll.benchmarks.harness.Figure;
import dev.atoll.benchmarks.harness.RoundSettings;
import dev.atoll.benchmarks.harness.Scenario;
import dev.atoll.benchmarks.journal.JournalThroughputBenchmark;
import dev.atoll.benchmarks.postgres.LocalPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code failover} scenario: time from SIGKILL of one of three node JVMs to the ledgers it
 * served (about 100 of 300) accepting appends again through the survivors; per round the median
 * and the max over those ledgers. Atoll (replicated embedded journal, default settings) against
 * plain Pekko sharding on a shared PostgreSQL jdbc journal with the split brain resolver at its
 * defaults, and again with Atoll's failure-detector and downing settings ({@link
 * PekkoLedgerNode#TUNED}). Every round starts a fresh cluster (and, for Pekko, a fresh database), so
 * only one cluster runs at a time; without PostgreSQL both Pekko contenders are reported skipped.
 */
public final class FailoverScenario implements Scenario {

  static final Figure MEDIAN = new Figure("failover-median", "s", false);
  static final Figure MAX = new Figure("failover-max", "s", false);

  @Override
  public String name() {
    return "failover";
  }

  @Override
  public String description() {
    return "seconds from SIGKILL of 1 of 3 node JVMs to its ~100 of 300 ledgers accepting appends again "
        + "(median and max over those ledgers): Atoll replicated journal vs Pekko sharding + jdbc on PostgreSQL "
        + "with the split brain resolver, defaults and tuned";
  }

  @Override
  public String unit() {
    return "s";
  }

  @Override
  public boolean higherIsBetter() {
    return false;
  }

  @Override
  public List<Figure> figures() {
    return List.of(MEDIAN, MAX);
  }

  /** No warm-up (every round starts fresh JVMs anyway); 1 round when quick, else at most 3. */
  @Override
  public RoundSettings roundSettings(RoundSettings requested) {
    return new RoundSettings(0, requested.quick() ? 1 : Math.min(3, requested.rounds()), requested.roundLength(), requested.quick());
  }

  @Override
  public List<Contender> contenders() throws Exception {
    Path home = atollHome();
    Path logs = home.resolve("benchmarks/target/failover-logs");
    Contender atoll = new Side("atoll", logs, round -> new AtollLedgerCluster(home, round));
    LocalPostgres postgres;
    try {
      postgres = LocalPostgres.start();
    } catch (LocalPostgres.PostgresUnavailableException e) {
      return List.of(atoll, Contender.skipped("pekko-sbr-defaults", e.getMessage()),
          Contender.skipped("pekko-sbr-tuned", e.getMessage()));
    }
    AtomicInteger open = new AtomicInteger(2);
    AutoCloseable release = () -> {
      if (open.decrementAndGet() == 0) {
        postgres.close();
      }
    };
    return List.of(atoll,
        new Side("pekko-sbr-defaults", logs, round -> pekko(postgres, "defaults", round, false), release),
        new Side("pekko-sbr-tuned", logs, round -> pekko(postgres, "tuned", round, true), release));
  }

  private static final AtomicInteger DATABASES = new AtomicInteger();

  /** A Pekko cluster on a fresh database, its jdbc schema created from the DDL the plugin ships. */
  private static LedgerCluster pekko(LocalPostgres postgres, String variant, Path logs, boolean tuned) throws Exception {
    String database = "failover_" + variant + "_" + DATABASES.incrementAndGet();
    postgres.createDatabase(database);
    JournalThroughputBenchmark.createJdbcSchema(
        JournalThroughputBenchmark.configFor(JournalThroughputBenchmark.postgresJdbcJournal(postgres, database)));
    return new PekkoLedgerCluster(postgres.jdbcUrl(database), postgres.user(), tuned, logs);
  }

  /** The repository root, whose {@code bin/atoll} starts Atoll's nodes ({@code -Datoll.home} or the working directory). */
  static Path atollHome() {
    Path home = Path.of(System.getProperty("atoll.home", "")).toAbsolutePath().normalize();
    if (!Files.isExecutable(home.resolve("bin/atoll"))) {
      throw new IllegalStateException("bin/atoll not found under " + home + ": run from the repository root or set -Datoll.home");
    }
    return home;
  }

  /** Starts the cluster of one round; given the round's log directory. */
  private interface ClusterFactory {
    LedgerCluster create(Path logs) throws Exception;
  }

  /** One contender: a fresh cluster per round, measured by {@link FailoverRound}. */
  private static final class Side implements Contender {
    private final String name;
    private final Path logs;
    private final ClusterFactory factory;
    private final AutoCloseable release;
    private int rounds;

    Side(String name, Path logs, ClusterFactory factory) {
      this(name, logs, factory, () -> {});
    }

    Side(String name, Path logs, ClusterFactory factory, AutoCloseable release) {
      this.name = name;
      this.logs = logs;
      this.factory = factory;
      this.release = release;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public double runRound(RoundSettings round) throws Exception {
      return runRound(round, List.of(MEDIAN, MAX)).get(MEDIAN.name());
    }

    /**
     * One round; a cluster that could not be set up (three JVMs starting on a loaded 2-core machine
     * may miss each other's handshakes for minutes) is replaced by a fresh one, once.
     */
    @Override
    public Map<String, Double> runRound(RoundSettings round, List<Figure> figures) throws Exception {
      String label = name + "-round-" + (++rounds);
      try {
        return measure(label);
      } catch (FailoverRound.SetUpFailed e) {
        System.out.printf("  %s: %s; trying once more on a fresh cluster%n", label, e.getMessage().lines().findFirst().orElse(""));
        return measure(label + "-retry");
      }
    }

    private Map<String, Double> measure(String label) throws Exception {
      try (LedgerCluster cluster = factory.create(logs.resolve(label))) {
        FailoverRound.Result result = new FailoverRound().run(cluster, label);
        System.out.printf("  %s: %d ledgers on the killed node, failover median %.1f s, max %.1f s (node logs: %s)%n",
            label, result.seconds().size(), result.median(), result.max(), logs.resolve(label));
        return Map.of(MEDIAN.name(), result.median(), MAX.name(), result.max());
      }
    }

    @Override
    public void close() throws Exception {
      release.close();
    }
  }
}
