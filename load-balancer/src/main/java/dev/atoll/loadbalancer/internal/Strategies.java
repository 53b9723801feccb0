package dev.atoll.loadbalancer.internal;

import dev.atoll.loadbalancer.RouterSettings;
import dev.atoll.loadbalancer.spi.RoutingStrategy;
import java.util.SplittableRandom;

/** Creates the strategy a router's settings name; one new instance per router actor. */
public final class Strategies {

  private Strategies() {}

  public static RoutingStrategy create(RouterSettings settings) {
    return switch (settings.strategy()) {
      case ROUND_ROBIN -> new RoundRobinStrategy();
      case RANDOM -> new RandomStrategy(random(settings));
      case CONSISTENT_HASH -> new ConsistentHashStrategy(settings.virtualNodes());
      case LEAST_OUTSTANDING -> new LeastOutstandingStrategy(random(settings));
      case WEIGHTED -> new WeightedStrategy(settings.weights());
    };
  }

  private static SplittableRandom random(RouterSettings settings) {
    return settings.seed().isPresent() ? new SplittableRandom(settings.seed().getAsLong()) : new SplittableRandom();
  }
}
