package dev.atoll.samples.chaos;

import java.util.List;
import java.util.Locale;

/** The checker's verdict on every invariant, and the unavailability windows clients saw. */
public record CheckReport(List<Verdict> verdicts, UnavailabilityWindows unavailability) {

  public CheckReport {
    verdicts = List.copyOf(verdicts);
  }

  /** True only if every invariant holds. */
  public boolean valid() {
    return verdicts.stream().allMatch(Verdict::holds);
  }

  public Verdict verdict(Invariant invariant) {
    return verdicts.stream().filter(v -> v.invariant() == invariant).findFirst().orElseThrow();
  }

  /** A human-readable report: one line per invariant, then the windows, then the overall verdict. */
  public String render() {
    StringBuilder text = new StringBuilder();
    verdicts.forEach(v -> text.append("  ").append(v).append('\n'));
    text.append(String.format(Locale.ROOT, "  unavailability windows: %d, median %.2f s, max %.2f s%n",
        unavailability.windows().size(), unavailability.medianSeconds(), unavailability.maxSeconds()));
    text.append(valid() ? "VERDICT: VALID" : "VERDICT: INVALID");
    return text.toString();
  }
}
