package dev.atoll.benchmarks.harness;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a scenario's contenders side by side: warm-up rounds first, then measured rounds in which
 * the contenders take turns, the order reversed every other round (A B, B A, ...) so that neither
 * always runs on a machine warmed or tired by the other.
 */
public final class BenchRunner {

  private final RoundSettings settings;
  private final PrintStream progress;

  public BenchRunner(RoundSettings settings, PrintStream progress) {
    this.settings = settings;
    this.progress = progress;
  }

  public ScenarioResult run(Scenario scenario) throws Exception {
    List<Contender> contenders = scenario.contenders();
    if (contenders.size() < 2) {
      throw new IllegalStateException(scenario.name() + ": needs Atoll and at least one baseline");
    }
    try {
      Map<String, List<Double>> rounds = new LinkedHashMap<>();
      contenders.forEach(c -> rounds.put(c.name(), new ArrayList<>()));
      for (int w = 0; w < settings.warmUpRounds(); w++) {
        for (Contender contender : contenders) {
          double figure = contender.runRound(settings);
          progress.printf("  %s warm-up %d: %s = %.1f %s%n", scenario.name(), w + 1, contender.name(), figure, scenario.unit());
        }
      }
      for (int r = 0; r < settings.rounds(); r++) {
        List<Contender> order = new ArrayList<>(contenders);
        if (r % 2 == 1) {
          java.util.Collections.reverse(order);
        }
        for (Contender contender : order) {
          double figure = contender.runRound(settings);
          rounds.get(contender.name()).add(figure);
          progress.printf("  %s round %d/%d: %s = %.1f %s%n", scenario.name(), r + 1, settings.rounds(), contender.name(), figure, scenario.unit());
        }
      }
      return new ScenarioResult(
          scenario.name(), scenario.description(), scenario.unit(), scenario.higherIsBetter(), rounds, ratios(rounds));
    } finally {
      for (Contender contender : contenders) {
        contender.close();
      }
    }
  }

  private static Map<String, Stats> ratios(Map<String, List<Double>> rounds) {
    List<String> names = new ArrayList<>(rounds.keySet());
    List<Double> atoll = rounds.get(names.get(0));
    Map<String, Stats> ratios = new LinkedHashMap<>();
    for (String baseline : names.subList(1, names.size())) {
      List<Double> base = rounds.get(baseline);
      List<Double> perRound = new ArrayList<>();
      for (int i = 0; i < atoll.size(); i++) {
        perRound.add(atoll.get(i) / base.get(i));
      }
      ratios.put(baseline, Stats.of(perRound));
    }
    return ratios;
  }
}
