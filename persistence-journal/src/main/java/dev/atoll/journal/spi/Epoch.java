package dev.atoll.journal.spi;

/**
 * A shard's epoch: the period in which one node is its primary. Epochs are ordered by counter, then
 * by the candidate's node name, so two candidates can never claim the same epoch.
 *
 * @param counter increases by one for each new primary of the shard
 * @param node the node that became (or tried to become) primary in this epoch
 * @since 0.1.0
 */
public record Epoch(long counter, String node) implements Comparable<Epoch> {

  /** Before any primary: every real epoch is after it. */
  public static final Epoch NONE = new Epoch(0, "");

  /** The epoch {@code candidate} claims after this one. */
  public Epoch next(String candidate) {
    return new Epoch(counter + 1, candidate);
  }

  public boolean isAfter(Epoch other) {
    return compareTo(other) > 0;
  }

  public boolean isBefore(Epoch other) {
    return compareTo(other) < 0;
  }

  @Override
  public int compareTo(Epoch other) {
    int byCounter = Long.compare(counter, other.counter);
    return byCounter != 0 ? byCounter : node.compareTo(other.node);
  }

  @Override
  public String toString() {
    return this.equals(NONE) ? "(none)" : "(" + counter + ", " + node + ")";
  }
}
