package dev.atoll.benchmarks.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.PrintStream;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchRunnerTest {

  /** A contender whose figure is scripted, recording when it ran. */
  private static final class Scripted implements Contender {
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

    ScenarioResult result = runner.run(scenario(List.of(atoll, pekko)));

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
  void medianOfAnEvenNumberOfRoundsIsTheMeanOfTheMiddleTwo() {
    assertThat(Stats.of(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(new Stats(1.0, 2.5, 4.0));
  }
}
