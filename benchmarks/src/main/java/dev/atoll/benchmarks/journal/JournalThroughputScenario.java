package dev.atoll.benchmarks.journal;

import dev.atoll.benchmarks.harness.Contender;
import dev.atoll.benchmarks.harness.RoundSettings;
import dev.atoll.benchmarks.harness.Scenario;
import dev.atoll.benchmarks.postgres.LocalPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.jspecify.annotations.Nullable;

/**
 * The {@code journal-throughput} scenario for {@code atoll-bench}: persisted events per second with
 * 1,000 event-sourced entities, ~100-byte events and 256 commands in flight, Atoll's journal with
 * sync = batch against Pekko's in-memory journal with test-serialization on and
 * pekko-persistence-jdbc on an embedded H2 file and on a PostgreSQL server the scenario starts
 * ({@link LocalPostgres}; reported as skipped, with the reason, when none can be started). The standalone
 * {@link JournalThroughputBenchmark} measures the same workload and adds latency percentiles.
 */
public final class JournalThroughputScenario implements Scenario {

  static final int ENTITIES = 1000;
  static final int IN_FLIGHT = 256;

  @Override
  public String name() {
    return "journal-throughput";
  }

  @Override
  public String description() {
    return "persisted events/s, 1,000 entities, ~100-byte events, 256 in flight; "
        + "Atoll sync=batch vs Pekko in-memory journal (test-serialization on) and pekko-persistence-jdbc on H2 "
        + "and on PostgreSQL (fsync on)";
  }

  @Override
  public String unit() {
    return "events/s";
  }

  @Override
  public boolean higherIsBetter() {
    return true;
  }

  @Override
  public List<Contender> contenders() throws Exception {
    return List.of(
        new JournalContender("atoll", "atoll (sync=batch)"),
        new JournalContender("pekko-inmem", "pekko inmem (test-serialization=on)"),
        new JournalContender("pekko-jdbc-h2", "pekko jdbc on h2 (file)"),
        postgresContender());
  }

  /** pekko-persistence-jdbc on a PostgreSQL server of its own, or skipped saying why there is none. */
  private static Contender postgresContender() throws Exception {
    String name = "pekko-jdbc-postgres";
    LocalPostgres postgres;
    try {
      postgres = LocalPostgres.start();
    } catch (LocalPostgres.PostgresUnavailableException e) {
      return Contender.skipped(name, e.getMessage());
    }
    try {
      postgres.createDatabase("journal");
      return new JournalContender(name, JournalThroughputBenchmark.configFor(
          JournalThroughputBenchmark.postgresJdbcJournal(postgres, "journal")), postgres);
    } catch (Exception | Error e) {
      postgres.close();
      throw e;
    }
  }

  /** One ActorSystem with 1,000 recovered entities on one journal, reused across rounds. */
  private static final class JournalContender implements Contender {

    /** Asks the runner to drive one round of {@code length} and report its result. */
    private record RunRound(Duration length, ActorRef<LoadDriver.Result> replyTo) {}

    private final String name;
    private final Path directory;
    private final ActorSystem<RunRound> system;
    private final @Nullable AutoCloseable database;

    JournalContender(String name, String journal) throws Exception {
      this.name = name;
      this.directory = Files.createTempDirectory("atoll-bench-scenario-");
      this.database = null;
      com.typesafe.config.Config config = JournalThroughputBenchmark.configFor(journal, directory);
      if (journal.contains("h2")) {
        JournalThroughputBenchmark.createJdbcSchema(config);
      }
      this.system = ActorSystem.create(runner(), "journal-" + name, config);
    }

    /** A jdbc journal on {@code database}, which this contender stops when it closes. */
    JournalContender(String name, com.typesafe.config.Config config, AutoCloseable database) throws Exception {
      this.name = name;
      this.directory = Files.createTempDirectory("atoll-bench-scenario-");
      this.database = database;
      JournalThroughputBenchmark.createJdbcSchema(config);
      this.system = ActorSystem.create(runner(), "journal-" + name, config);
    }

    private static Behavior<RunRound> runner() {
      return Behaviors.setup(
          context -> {
            List<ActorRef<BenchmarkEntity.Command>> entities = new ArrayList<>(ENTITIES);
            for (int i = 0; i < ENTITIES; i++) {
              entities.add(context.spawn(BenchmarkEntity.create("acc-" + i), "acc-" + i));
            }
            return Behaviors.receiveMessage(
                run -> {
                  context.spawnAnonymous(
                      LoadDriver.create(entities, IN_FLIGHT, Duration.ZERO, run.length(), run.replyTo()));
                  return Behaviors.same();
                });
          });
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public double runRound(RoundSettings round) throws Exception {
      Duration timeout = round.roundLength().plusMinutes(2);
      LoadDriver.Result result =
          AskPattern.<RunRound, LoadDriver.Result>ask(
                  system, replyTo -> new RunRound(round.roundLength(), replyTo), timeout, system.scheduler())
              .toCompletableFuture()
              .get(timeout.toSeconds(), TimeUnit.SECONDS);
      return result.eventsPerSecond();
    }

    @Override
    public void close() throws Exception {
      system.terminate();
      try {
        system.getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
        JournalThroughputBenchmark.deleteRecursively(directory);
      } finally {
        if (database != null) {
          database.close();
        }
      }
    }
  }
}
