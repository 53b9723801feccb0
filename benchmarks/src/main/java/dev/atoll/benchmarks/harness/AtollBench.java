package dev.atoll.benchmarks.harness;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bin/atoll-bench}: runs scenarios side by side with their baselines and writes JSON, a
 * Markdown table and a PNG chart per scenario.
 */
@Command(
    name = "atoll-bench",
    mixinStandardHelpOptions = true,
    description = "Runs Atoll side by side with raw Pekko baselines and reports ratios.")
public final class AtollBench implements Callable<Integer> {

  @Parameters(arity = "1..*", paramLabel = "SCENARIO", description = "Scenario names, or 'all'. Known: ${COMPLETION-CANDIDATES}", completionCandidates = Names.class)
  List<String> scenarios = new ArrayList<>();

  @Option(names = "--quick", description = "1 warm-up and 3 measured rounds of 1 s each, smaller workloads.")
  boolean quick;

  @Option(names = "--rounds", paramLabel = "N", description = "Measured rounds per contender (default 5, quick 3).")
  Integer rounds;

  @Option(names = "--round-seconds", paramLabel = "S", description = "Length of a round in seconds (default 5, quick 1).")
  Integer roundSeconds;

  @Option(names = "--out", paramLabel = "DIR", description = "Where to write results (default benchmarks/results).")
  Path out = Path.of("benchmarks", "results");

  public static void main(String[] args) {
    System.setProperty("java.awt.headless", "true");
    System.exit(new CommandLine(new AtollBench()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    RoundSettings base = quick ? RoundSettings.quickRun() : RoundSettings.fullRun();
    RoundSettings settings =
        new RoundSettings(
            base.warmUpRounds(),
            rounds == null ? base.rounds() : rounds,
            roundSeconds == null ? base.roundLength() : Duration.ofSeconds(roundSeconds),
            quick);
    List<String> names = scenarios.contains("all") ? ScenarioCatalog.names() : scenarios;
    List<Scenario> selected = new ArrayList<>();
    for (String name : names) {
      selected.add(ScenarioCatalog.get(name));
    }
    BenchRunner runner = new BenchRunner(settings, System.out);
    List<ScenarioResult> results = new ArrayList<>();
    boolean allRan = true;
    long runStart = System.nanoTime();
    for (Scenario scenario : selected) {
      System.out.println("== " + scenario.name() + ": " + scenario.description());
      long start = System.nanoTime();
      try {
        results.addAll(runner.run(scenario));
      } catch (Exception e) {
        // One scenario that cannot run must not cost the figures of the others.
        allRan = false;
        System.out.println("  " + scenario.name() + " failed: " + BenchRunner.reason(e));
        results.add(ScenarioResult.failed(scenario, BenchRunner.reason(e)));
      }
      System.out.printf("  (%s took %.0f s)%n", scenario.name(), (System.nanoTime() - start) / 1e9);
    }
    String command = "bin/atoll-bench " + String.join(" ", scenarios) + (quick ? " --quick" : "")
        + (rounds == null ? "" : " --rounds " + rounds) + (roundSeconds == null ? "" : " --round-seconds " + roundSeconds);
    new ReportWriter(out).write(results, command);
    System.out.println();
    System.out.print(ReportWriter.markdown(results, command));
    System.out.printf("%nWritten to %s (the run took %.0f s)%n", out.toAbsolutePath(), (System.nanoTime() - runStart) / 1e9);
    return allRan ? 0 : 1;
  }

  /** Scenario names for the help text. */
  static final class Names extends ArrayList<String> {
    private static final long serialVersionUID = 1L;

    Names() {
      super(ScenarioCatalog.names());
    }
  }
}
