package dev.atoll.framework;

import java.util.List;

/**
 * Thrown at start-up when Atoll's configuration is invalid. The message lists every problem found,
 * one per line, each naming the config path, the value, where it was set and why it is rejected,
 * for example {@code atoll.sharding.number-of-shards = -3 (application.conf: 12): must be > 0}.
 *
 * @since 0.1.0
 */
public final class AtollConfigException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  public AtollConfigException(List<String> problems) {
    super(format(problems));
    this.problems = List.copyOf(problems);
  }

  /** Every problem found, one sentence each, starting with the config path. */
  public List<String> problems() {
    return problems;
  }

  private static String format(List<String> problems) {
    if (problems.size() == 1) {
      return "Invalid Atoll configuration: " + problems.get(0);
    }
    StringBuilder text = new StringBuilder("Invalid Atoll configuration (" + problems.size() + " problems):");
    for (String problem : problems) {
      text.append("\n  - ").append(problem);
    }
    return text.toString();
  }
}
