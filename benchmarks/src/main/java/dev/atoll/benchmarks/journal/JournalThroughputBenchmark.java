package dev.atoll.benchmarks.journal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import dev.atoll.benchmarks.postgres.LocalPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Persisted events per second with 1,000 event-sourced entities, ~100-byte events and 256
 * commands in flight: Atoll's journal (sync = batch, every acknowledged event fsynced) against
 * Pekko's in-memory journal (with test-serialization on, so both serialize every event), in the
 * same JVM, in interleaved rounds, each round on a fresh ActorSystem (and a fresh journal
 * directory). Prints per-round figures, medians and the ratio.
 *
 * <p>With {@code -Datoll.bench.with-interval=true} a third contender, Atoll with sync = interval
 * (acknowledged before the fsync; a power loss can lose up to 100 ms), shows what the fsync costs.
 *
 * <p>With {@code -Datoll.bench.atoll-only=true} only the embedded journal runs (for profiling).
 *
 * <p>Arguments (all optional): rounds (3), warm-up seconds (5), measured seconds (10), in-flight
 * commands (256), entities (1000).
 */
public final class JournalThroughputBenchmark {

  private JournalThroughputBenchmark() {}

  public static void main(String[] args) throws Exception {
    quietLogging();
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    Duration warmUp = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 5);
    Duration measure = Duration.ofSeconds(args.length > 2 ? Long.parseLong(args[2]) : 10);
    int inFlight = args.length > 3 ? Integer.parseInt(args[3]) : 256;
    int entityCount = args.length > 4 ? Integer.parseInt(args[4]) : 1000;

    System.out.printf(
        Locale.ROOT,
        "journal throughput: %d entities, %d in flight, warm-up %ds, measured %ds, %d rounds, %d cores%n",
        entityCount, inFlight, warmUp.toSeconds(), measure.toSeconds(), rounds,
        Runtime.getRuntime().availableProcessors());
    Map<String, List<LoadDriver.Result>> results = new LinkedHashMap<>();
    results.put("atoll (sync=batch)", new ArrayList<>());
    results.put("pekko inmem (test-serialization=on)", new ArrayList<>());
    if (Boolean.getBoolean("atoll.bench.with-interval")) {
      results.put("atoll (sync=interval 100ms)", new ArrayList<>());
    }
    if (Boolean.getBoolean("atoll.bench.atoll-only")) {
      // for profiling the embedded journal alone: no ratio is printed
      results.keySet().removeIf(name -> !name.startsWith("atoll"));
    }
    for (int round = 1; round <= rounds; round++) {
      // alternate which journal goes first, so drift in machine load hits both alike
      List<String> order = new ArrayList<>(results.keySet());
      if (round % 2 == 0) {
        java.util.Collections.reverse(order);
      }
      for (String journal : order) {
        LoadDriver.Result result = runOnce(journal, entityCount, inFlight, warmUp, measure);
        results.get(journal).add(result);
        System.out.printf(
            Locale.ROOT,
            "round %d  %-38s %9.0f events/s  p50 %6.2f ms  p99 %6.2f ms%n",
            round, journal, result.eventsPerSecond(),
            result.latencyMicros().getValueAtPercentile(50) / 1000.0,
            result.latencyMicros().getValueAtPercentile(99) / 1000.0);
      }
    }
    System.out.println();
    System.out.println("medians over rounds:");
    Map<String, Double> medians = new LinkedHashMap<>();
    for (Map.Entry<String, List<LoadDriver.Result>> entry : results.entrySet()) {
      double rate = median(entry.getValue().stream().map(LoadDriver.Result::eventsPerSecond).toList());
      double p50 = median(entry.getValue().stream().map(r -> r.latencyMicros().getValueAtPercentile(50) / 1000.0).toList());
      double p99 = median(entry.getValue().stream().map(r -> r.latencyMicros().getValueAtPercentile(99) / 1000.0).toList());
      medians.put(entry.getKey(), rate);
      System.out.printf(
          Locale.ROOT, "  %-38s %9.0f events/s  p50 %6.2f ms  p99 %6.2f ms%n", entry.getKey(), rate, p50, p99);
    }
    List<Double> rates = new ArrayList<>(medians.values());
    if (rates.size() < 2) {
      System.exit(0);
    }
    System.out.printf(
        Locale.ROOT, "ratio atoll (sync=batch) / inmem = %.2f%n", rates.get(0) / rates.get(1));
    if (rates.size() > 2) {
      System.out.printf(
          Locale.ROOT, "ratio atoll (sync=interval) / inmem = %.2f%n", rates.get(2) / rates.get(1));
    }
    System.exit(0);
  }

  private static LoadDriver.Result runOnce(
      String journal, int entityCount, int inFlight, Duration warmUp, Duration measure)
      throws Exception {
    Path directory = Files.createTempDirectory("atoll-bench-journal-");
    Config config = configFor(journal, directory);
    CompletableFuture<LoadDriver.Result> result = new CompletableFuture<>();
    Behavior<LoadDriver.Result> root =
        Behaviors.setup(
            context -> {
              List<ActorRef<BenchmarkEntity.Command>> entities = new ArrayList<>(entityCount);
              for (int i = 0; i < entityCount; i++) {
                entities.add(context.spawn(BenchmarkEntity.create("acc-" + i), "acc-" + i));
              }
              context.spawn(
                  LoadDriver.create(entities, inFlight, warmUp, measure, context.getSelf()), "driver");
              return Behaviors.receiveMessage(
                  r -> {
                    result.complete(r);
                    return Behaviors.same();
                  });
            });
    ActorSystem<LoadDriver.Result> system = ActorSystem.create(root, "bench", config);
    try {
      return result.get(warmUp.plus(measure).toSeconds() + 120, TimeUnit.SECONDS);
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
      deleteRecursively(directory);
    }
  }

  static Config configFor(String journal, Path directory) {
    String plugin;
    if (journal.startsWith("atoll")) {
      plugin = "pekko.persistence.journal.plugin = \"atoll.journal\"\natoll.journal.sync = "
          + (journal.contains("interval") ? "interval" : "batch") + "\n";
    } else if (journal.contains("h2")) {
      plugin = h2JdbcJournal(directory);
    } else {
      plugin = "pekko.persistence.journal.plugin = \"pekko.persistence.journal.inmem\"\n"
          + "pekko.persistence.journal.inmem.test-serialization = on\n";
    }
    return ConfigFactory.parseString(
            plugin
                + "pekko.persistence.snapshot-store.plugin = \"pekko.persistence.no-snapshot-store\"\n"
                + "pekko.loglevel = WARNING\n"
                + "pekko.actor.allow-java-serialization = off\n")
        .withValue("atoll.journal.dir", ConfigValueFactory.fromAnyRef(directory.toString()))
        .withFallback(ConfigFactory.load());
  }

  /**
   * pekko-persistence-jdbc on an embedded H2 file database, configured as its documentation shows
   * (one shared Slick database for the journal).
   */
  static String h2JdbcJournal(Path directory) {
    String url = "jdbc:h2:file:" + directory.resolve("h2").toString().replace("\\", "/") + ";DB_CLOSE_DELAY=-1";
    return "pekko.persistence.journal.plugin = \"jdbc-journal\"\n"
        + "jdbc-journal.use-shared-db = \"slick\"\n"
        + "pekko-persistence-jdbc.shared-databases.slick {\n"
        + "  profile = \"slick.jdbc.H2Profile$\"\n"
        + "  db { url = \"" + url + "\", user = \"sa\", password = \"\", driver = \"org.h2.Driver\",\n"
        + "       numThreads = 8, maxConnections = 8, minConnections = 1 }\n"
        + "}\n";
  }

  /** {@link #configFor(String, Path)}'s common settings over the journal settings {@code plugin}. */
  public static Config configFor(String plugin) {
    return ConfigFactory.parseString(
            plugin
                + "pekko.persistence.snapshot-store.plugin = \"pekko.persistence.no-snapshot-store\"\n"
                + "pekko.loglevel = WARNING\n"
                + "pekko.actor.allow-java-serialization = off\n")
        .withFallback(ConfigFactory.load());
  }

  /**
   * pekko-persistence-jdbc on database {@code database} of {@code postgres}, configured as its
   * documentation shows (one shared Slick database, 8 connections as for H2).
   */
  public static String postgresJdbcJournal(LocalPostgres postgres, String database) {
    return "pekko.persistence.journal.plugin = \"jdbc-journal\"\n"
        + "jdbc-journal.use-shared-db = \"slick\"\n"
        + "pekko-persistence-jdbc.shared-databases.slick {\n"
        + "  profile = \"slick.jdbc.PostgresProfile$\"\n"
        + "  db { url = \"" + postgres.jdbcUrl(database) + "\", user = \"" + postgres.user() + "\", password = \"\",\n"
        + "       driver = \"org.postgresql.Driver\", numThreads = 8, maxConnections = 8, minConnections = 1 }\n"
        + "}\n";
  }

  /**
   * Creates pekko-persistence-jdbc's tables in the database {@code config} points to, with the DDL
   * the plugin ships for that database ({@code schema/<dialect>/<dialect>-create-schema.sql} in its
   * jar, chosen by the Slick profile).
   */
  public static void createJdbcSchema(Config config) throws Exception {
    org.apache.pekko.actor.ActorSystem setup = org.apache.pekko.actor.ActorSystem.create("jdbc-schema", config);
    try {
      org.apache.pekko.persistence.jdbc.testkit.javadsl.SchemaUtils.createIfNotExists(setup)
          .toCompletableFuture().get(60, java.util.concurrent.TimeUnit.SECONDS);
    } finally {
      setup.terminate();
      setup.getWhenTerminated().toCompletableFuture().get(60, java.util.concurrent.TimeUnit.SECONDS);
    }
  }

  /** Logback defaults to DEBUG without a config file; debug logging would dominate the run. */
  static void quietLogging() {
    org.slf4j.Logger root = org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    if (root instanceof ch.qos.logback.classic.Logger logback) {
      logback.setLevel(ch.qos.logback.classic.Level.WARN);
    }
  }

  static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  public static void deleteRecursively(Path directory) throws IOException {
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
