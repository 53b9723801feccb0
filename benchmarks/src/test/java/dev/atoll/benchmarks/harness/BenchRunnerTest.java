package dev.atoll.benchmarks.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.PrintStream;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchRunnerTest {

  /** A contender whose figure is scripted, recording when it ran. */
  private static class Scripted implements Contender {
    private final String name;
    private final List<String> log;
    private final double[] figures;
    private int calls;
    boolean closed;

    Scripted(String name, List<String> log, double... figures) {
      this.name = name;
      this.log = log;
      this.figures = figures;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public double runRound(RoundSettings round) {
      log.add(name);
      return figures[calls++];
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  private static Scenario scenario(List<Contender> contenders) {
    return new Scenario() {
      @Override public String name() { return "scripted"; }
      @Override public String description() { return "scripted figures"; }
      @Override public String unit() { return "ops/s"; }
      @Override public boolean higherIsBetter() { return true; }
      @Override public List<Contender> contenders() { return contenders; }
    };
  }

  @Test
  void discardsWarmUpAlternatesTheOrderAndComputesRatiosRoundByRound() throws Exception {
    List<String> log = new ArrayList<>();
    // warm-up figure first, then three measured rounds
    Scripted atoll = new Scripted("atoll", log, 1, 90, 100, 110);
    Scripted pekko = new Scripted("pekko", log, 1, 100, 100, 100);
    BenchRunner runner =
        new BenchRunner(new RoundSettings(1, 3, Duration.ofMillis(1), true), new PrintStream(new ByteArrayOutputStream()));

    ScenarioResult result = runner.run(scenario(List.of(atoll, pekko))).get(0);

    assertThat(log).containsExactly("atoll", "pekko", "atoll", "pekko", "pekko", "atoll", "atoll", "pekko");
    assertThat(result.rounds().get("atoll")).containsExactly(90.0, 100.0, 110.0);
    Stats ratio = result.ratios().get("pekko");
    assertThat(ratio.min()).isCloseTo(0.9, within(1e-9));
    assertThat(ratio.median()).isCloseTo(1.0, within(1e-9));
    assertThat(ratio.max()).isCloseTo(1.1, within(1e-9));
    assertThat(atoll.closed).isTrue();
    assertThat(pekko.closed).isTrue();
  }

  @Test
  void aSkippedBaselineIsReportedWithItsReasonAndTheOthersAreStillCompared() throws Exception {
    List<String> log = new ArrayList<>();
    Scripted atoll = new Scripted("atoll", log, 10, 20);
    Scripted pekko = new Scripted("pekko", log, 5, 5);
    Contender postgres = Contender.skipped("postgres", "pg_ctl start failed (exit 1): port in use");

    ScenarioResult result = quietRunner(2).run(scenario(List.of(atoll, postgres, pekko))).get(0);

    assertThat(result.rounds()).containsOnlyKeys("atoll", "pekko");
    assertThat(result.ratios()).containsOnlyKeys("pekko");
    assertThat(result.ratios().get("pekko").median()).isCloseTo(3.0, within(1e-9));
    assertThat(result.skipped()).containsEntry("postgres", "skipped: pg_ctl start failed (exit 1): port in use");
    assertThat(log).doesNotContain("postgres");
    assertThat(ReportWriter.markdown(List.of(result), "cmd"))
        .contains("| scripted | postgres | ops/s | — | — | — | skipped: pg_ctl start failed (exit 1): port in use |");
  }

  @Test
  void aContenderThatFailsIsStoppedKeepsItsRoundsAndIsComparedOnlyOverThem() throws Exception {
    List<String> log = new ArrayList<>();
    Scripted atoll = new Scripted("atoll", log, 10, 20, 30);
    Contender flaky = new Scripted("flaky", log, 5, 5) {
      private int round;

      @Override
      public double runRound(RoundSettings settings) {
        if (++round == 2) {
          throw new IllegalStateException("cluster did not form\nsecond line");
        }
        return super.runRound(settings);
      }
    };

    ScenarioResult result = quietRunner(3).run(scenario(List.of(atoll, flaky))).get(0);

    assertThat(result.rounds().get("atoll")).containsExactly(10.0, 20.0, 30.0);
    assertThat(result.rounds().get("flaky")).containsExactly(5.0);
    assertThat(result.ratios().get("flaky")).isEqualTo(new Stats(2.0, 2.0, 2.0));
    assertThat(result.skipped()).containsEntry("flaky", "failed in round 2/3: IllegalStateException: cluster did not form");
    assertThat(ReportWriter.markdown(List.of(result), "cmd"))
        .contains("| scripted | flaky | ops/s | 5.00 | 5.00 | 5.00 | 2.00, **2.00**, 2.00 (failed in round 2/3: IllegalStateException: cluster did not form) |");
  }

  @Test
  void aScenarioWithSeveralFiguresGetsOneResultPerFigureEachWithItsOwnRatios() throws Exception {
    List<Figure> figures = List.of(new Figure("failover-median", "s", false), new Figure("failover-max", "s", false));
    Contender atoll = figures("atoll", Map.of("failover-median", 5.0, "failover-max", 8.0));
    Contender pekko = figures("pekko", Map.of("failover-median", 50.0, "failover-max", 40.0));
    Scenario scenario = new Scenario() {
      @Override public String name() { return "failover"; }
      @Override public String description() { return "two figures"; }
      @Override public String unit() { return "s"; }
      @Override public boolean higherIsBetter() { return false; }
      @Override public List<Figure> figures() { return figures; }
      @Override public RoundSettings roundSettings(RoundSettings requested) { return new RoundSettings(0, 2, requested.roundLength(), true); }
      @Override public List<Contender> contenders() { return List.of(atoll, pekko); }
    };

    List<ScenarioResult> results = quietRunner(5).run(scenario);

    assertThat(results).extracting(ScenarioResult::scenario).containsExactly("failover-median", "failover-max");
    assertThat(results.get(0).rounds().get("atoll")).containsExactly(5.0, 5.0);
    assertThat(results.get(0).ratios().get("pekko").median()).isCloseTo(0.1, within(1e-9));
    assertThat(results.get(1).ratios().get("pekko").median()).isCloseTo(0.2, within(1e-9));
    assertThat(results.get(1).higherIsBetter()).isFalse();
  }

  @Test
  void aContenderThatMissesAFigureFailsNamingTheFigure() throws Exception {
    List<Figure> figures = List.of(new Figure("a", "s", false), new Figure("b", "s", false));
    Contender atoll = figures("atoll", Map.of("a", 1.0, "b", 1.0));
    Contender half = figures("half", Map.of("a", 1.0));
    Scenario scenario = new Scenario() {
      @Override public String name() { return "two"; }
      @Override public String description() { return "two figures"; }
      @Override public String unit() { return "s"; }
      @Override public boolean higherIsBetter() { return false; }
      @Override public List<Figure> figures() { return figures; }
      @Override public List<Contender> contenders() { return List.of(atoll, half); }
    };

    ScenarioResult result = quietRunner(1).run(scenario).get(0);

    assertThat(result.skipped().get("half")).contains("reported no finite value for figure b");
    assertThat(result.ratios()).isEmpty();
  }

  private static Contender figures(String name, Map<String, Double> values) {
    return new Contender() {
      @Override public String name() { return name; }
      @Override public double runRound(RoundSettings round) { throw new UnsupportedOperationException(); }
      @Override public Map<String, Double> runRound(RoundSettings round, List<Figure> figures) { return values; }
    };
  }

  private static BenchRunner quietRunner(int rounds) {
    return new BenchRunner(new RoundSettings(0, rounds, Duration.ofMillis(1), true), new PrintStream(new ByteArrayOutputStream()));
  }

  @Test
  void smallRatiosKeepTwoSignificantDigitsInTheTable() {
    assertThat(ReportWriter.ratio(0.0026)).isEqualTo("0.0026");
    assertThat(ReportWriter.ratio(0.0421)).isEqualTo("0.042");
    assertThat(ReportWriter.ratio(0.93)).isEqualTo("0.93");
    assertThat(ReportWriter.ratio(12.345)).isEqualTo("12.35");
  }

  @Test
  void medianOfAnEvenNumberOfRoundsIsTheMeanOfTheMiddleTwo() {
    assertThat(Stats.of(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(new Stats(1.0, 2.5, 4.0));
  }
}
