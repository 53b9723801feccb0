package dev.atoll.benchmarks.harness;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Min, median and max of a handful of figures (rounds). */
public record Stats(double min, double median, double max) {

  public static Stats of(List<Double> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("no values");
    }
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    return new Stats(sorted.get(0), median, sorted.get(n - 1));
  }
}
