package dev.atoll.loadbalancer.internal;

import dev.atoll.loadbalancer.spi.InFlight;
import dev.atoll.loadbalancer.spi.Routee;
import dev.atoll.loadbalancer.spi.RoutingStrategy;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Power of two choices (Mitzenmacher): draw two distinct routees at random and take the one with
 * fewer requests in flight, the first drawn on a tie. Sampling two instead of scanning all keeps
 * the choice O(1) and avoids the herd effect of "always the least loaded" when counts lag.
 */
public final class LeastOutstandingStrategy implements RoutingStrategy {

  private final SplittableRandom random;

  public LeastOutstandingStrategy(SplittableRandom random) {
    this.random = random;
  }

  @Override
  public int select(Object message, List<Routee> routees, InFlight inFlight) {
    int size = routees.size();
    if (size == 0) {
      return NO_ROUTEE;
    }
    if (size == 1) {
      return 0;
    }
    int first = random.nextInt(size);
    int second = random.nextInt(size - 1);
    if (second >= first) {
      second++; // distinct from first, still uniform
    }
    return inFlight.of(second) < inFlight.of(first) ? second : first;
  }
}
