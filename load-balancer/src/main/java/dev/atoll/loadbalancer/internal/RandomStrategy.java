package dev.atoll.loadbalancer.internal;

import dev.atoll.loadbalancer.spi.InFlight;
import dev.atoll.loadbalancer.spi.Routee;
import dev.atoll.loadbalancer.spi.RoutingStrategy;
import java.util.List;
import java.util.SplittableRandom;

/** A uniformly random routee per message, from the router's own (optionally seeded) random source. */
public final class RandomStrategy implements RoutingStrategy {

  private final SplittableRandom random;

  public RandomStrategy(SplittableRandom random) {
    this.random = random;
  }

  @Override
  public int select(Object message, List<Routee> routees, InFlight inFlight) {
    return routees.isEmpty() ? NO_ROUTEE : random.nextInt(routees.size());
  }
}
