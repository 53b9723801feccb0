package dev.atoll.samples.chaos;

import java.util.List;

/**
 * The checker's finding for one invariant: whether it held, and if not, the first violations
 * (capped, so a broken run does not print a million lines) and how many there were in all.
 */
public record Verdict(Invariant invariant, boolean holds, int violationCount, List<String> examples) {

  static final int MAX_EXAMPLES = 10;

  public Verdict {
    examples = List.copyOf(examples);
  }

  static Verdict of(Invariant invariant, List<String> violations) {
    return new Verdict(
        invariant,
        violations.isEmpty(),
        violations.size(),
        violations.subList(0, Math.min(MAX_EXAMPLES, violations.size())));
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(holds ? "PASS " : "FAIL ").append(invariant.description());
    if (!holds) {
      text.append(" (").append(violationCount).append(" violations)");
      examples.forEach(e -> text.append("\n       - ").append(e));
    }
    return text.toString();
  }
}
