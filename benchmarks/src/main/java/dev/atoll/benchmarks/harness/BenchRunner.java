package dev.atoll.benchmarks.harness;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a scenario's contenders side by side: warm-up rounds first, then measured rounds in which
 * the contenders take turns, the order reversed every other round (A B, B A, ...) so that neither
 * always runs on a machine warmed or tired by the other.
 *
 * <p>A contender that could not be set up is reported as skipped; one that fails in a round is
 * stopped there and reported with the failure, its completed rounds kept, while the others go on.
 * A benchmark run of many scenarios thus always ends with every figure it could measure.
 */
public final class BenchRunner {

  private final RoundSettings requested;
  private final PrintStream progress;

  public BenchRunner(RoundSettings settings, PrintStream progress) {
    this.requested = settings;
    this.progress = progress;
  }

  /** One result per figure of the scenario, in {@link Scenario#figures()} order. */
  public List<ScenarioResult> run(Scenario scenario) throws Exception {
    RoundSettings settings = scenario.roundSettings(requested);
    List<Figure> figures = scenario.figures();
    List<Contender> contenders = scenario.contenders();
    if (contenders.size() < 2) {
      throw new IllegalStateException(scenario.name() + ": needs Atoll and at least one baseline");
    }
    Map<String, String> skipped = new LinkedHashMap<>();
    Map<String, Map<String, List<Double>>> values = new LinkedHashMap<>();
    figures.forEach(f -> values.put(f.name(), new LinkedHashMap<>()));
    List<Contender> active = new ArrayList<>();
    for (Contender contender : contenders) {
      if (contender.skipped()) {
        skipped.put(contender.name(), "skipped: " + contender.skipReason());
        progress.printf("  %s: %s skipped: %s%n", scenario.name(), contender.name(), contender.skipReason());
      } else {
        active.add(contender);
        values.values().forEach(byContender -> byContender.put(contender.name(), new ArrayList<>()));
      }
    }
    try {
      for (int w = 0; w < settings.warmUpRounds(); w++) {
        for (Contender contender : List.copyOf(active)) {
          Map<String, Double> round = attempt(scenario, contender, settings, figures, "warm-up " + (w + 1), active, skipped);
          if (round != null) {
            print(scenario, figures, contender, "warm-up " + (w + 1), round);
          }
        }
      }
      for (int r = 0; r < settings.rounds(); r++) {
        List<Contender> order = new ArrayList<>(active);
        if (r % 2 == 1) {
          Collections.reverse(order);
        }
        String label = "round " + (r + 1) + "/" + settings.rounds();
        for (Contender contender : order) {
          Map<String, Double> round = attempt(scenario, contender, settings, figures, label, active, skipped);
          if (round != null) {
            round.forEach((figure, value) -> values.get(figure).get(contender.name()).add(value));
            print(scenario, figures, contender, label, round);
          }
        }
      }
    } finally {
      for (Contender contender : contenders) {
        try {
          contender.close();
        } catch (Exception e) {
          progress.printf("  %s: closing %s failed: %s%n", scenario.name(), contender.name(), reason(e));
        }
      }
    }
    String atoll = contenders.get(0).name();
    List<ScenarioResult> results = new ArrayList<>();
    for (Figure figure : figures) {
      Map<String, List<Double>> rounds = new LinkedHashMap<>();
      values.get(figure.name()).forEach((name, list) -> {
        if (!list.isEmpty()) {
          rounds.put(name, list);
        }
      });
      results.add(new ScenarioResult(
          figure.name(), scenario.description(), figure.unit(), figure.higherIsBetter(),
          rounds, ratios(atoll, rounds), skipped));
    }
    return results;
  }

  /** One round of {@code contender}, or null if it failed (it is then taken out of the run). */
  private Map<String, Double> attempt(
      Scenario scenario, Contender contender, RoundSettings settings, List<Figure> figures, String label,
      List<Contender> active, Map<String, String> skipped) {
    try {
      Map<String, Double> round = contender.runRound(settings, figures);
      for (Figure figure : figures) {
        Double value = round.get(figure.name());
        if (value == null || value.isNaN() || value.isInfinite()) {
          throw new IllegalStateException("reported no finite value for figure " + figure.name() + ": " + round);
        }
      }
      return round;
    } catch (Exception e) {
      active.remove(contender);
      skipped.put(contender.name(), "failed in " + label + ": " + reason(e));
      progress.printf("  %s %s: %s failed: %s%n", scenario.name(), label, contender.name(), reason(e));
      return null;
    }
  }

  private void print(Scenario scenario, List<Figure> figures, Contender contender, String label, Map<String, Double> round) {
    for (Figure figure : figures) {
      progress.printf("  %s %s: %s = %.2f %s%n", figure.name(), label, contender.name(), round.get(figure.name()), figure.unit());
    }
  }

  /** The exception's class and message, first line, short enough for a table cell. */
  static String reason(Throwable e) {
    String message = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
    String text = e.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
    return text.length() > 200 ? text.substring(0, 197) + "..." : text;
  }

  /** Atoll / baseline round by round, over the rounds both completed (a failed one stops early). */
  static Map<String, Stats> ratios(String atoll, Map<String, List<Double>> rounds) {
    Map<String, Stats> ratios = new LinkedHashMap<>();
    List<Double> atollRounds = rounds.get(atoll);
    if (atollRounds == null) {
      return ratios;
    }
    rounds.forEach((baseline, base) -> {
      if (baseline.equals(atoll)) {
        return;
      }
      List<Double> perRound = new ArrayList<>();
      for (int i = 0; i < Math.min(atollRounds.size(), base.size()); i++) {
        perRound.add(atollRounds.get(i) / base.get(i));
      }
      if (!perRound.isEmpty()) {
        ratios.put(baseline, Stats.of(perRound));
      }
    });
    return ratios;
  }
}
