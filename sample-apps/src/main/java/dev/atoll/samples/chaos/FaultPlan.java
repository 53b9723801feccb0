package dev.atoll.samples.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The seeded schedule of a chaos run: which fault comes next, on which node, for how long, and
 * how long to wait before it. Every choice comes from one {@link Random} seeded with the run's
 * seed, drawn in a fixed order that does not depend on what happened in the run, so the same seed
 * gives the same sequence of faults. Kinds come in rounds, each round a seeded shuffle of every
 * enabled kind, so that every kind is injected about equally often.
 */
final class FaultPlan {

  /** One planned fault. {@code victimDraw} picks the victim among the nodes eligible at that moment. */
  record Step(int number, FaultKind kind, int victimDraw, Duration hold, Duration gapBefore) {}

  /** Ranges the plan draws from, in milliseconds. */
  record Timing(long minGapMillis, long maxGapMillis, long minHoldMillis, long maxHoldMillis) {
    /** Gaps of 0.5 to 3 s between faults, holds as the run asks. */
    static Timing holding(java.time.Duration minHold, java.time.Duration maxHold) {
      return new Timing(500, 3_000, minHold.toMillis(), maxHold.toMillis());
    }
  }

  private final Random random;
  private final List<FaultKind> kinds;
  private final Timing timing;
  private final List<FaultKind> round = new ArrayList<>();
  private int number;

  FaultPlan(long seed, List<FaultKind> kinds, Timing timing) {
    this.random = new Random(seed);
    this.kinds = List.copyOf(kinds);
    this.timing = timing;
  }

  Step next() {
    if (round.isEmpty()) {
      round.addAll(kinds);
      Collections.shuffle(round, random);
    }
    FaultKind kind = round.remove(0);
    int victimDraw = random.nextInt(1 << 20);
    long hold = between(timing.minHoldMillis(), timing.maxHoldMillis());
    long gap = between(timing.minGapMillis(), timing.maxGapMillis());
    boolean instant = kind == FaultKind.KILL || kind == FaultKind.LEAVE;
    return new Step(++number, kind, victimDraw, Duration.ofMillis(instant ? 0 : hold), Duration.ofMillis(gap));
  }

  private long between(long min, long max) {
    return min + (long) (random.nextDouble() * (max - min));
  }
}
