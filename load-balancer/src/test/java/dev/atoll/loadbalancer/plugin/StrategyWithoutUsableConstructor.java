package dev.atoll.loadbalancer.plugin;

import dev.atoll.loadbalancer.spi.InFlight;
import dev.atoll.loadbalancer.spi.Routee;
import dev.atoll.loadbalancer.spi.RoutingStrategy;
import java.util.List;

/** A strategy the router cannot create: its only constructor takes an int. */
public final class StrategyWithoutUsableConstructor implements RoutingStrategy {

  private final int fixed;

  public StrategyWithoutUsableConstructor(int fixed) {
    this.fixed = fixed;
  }

  @Override
  public int select(Object message, List<Routee> routees, InFlight inFlight) {
    return routees.isEmpty() ? NO_ROUTEE : Math.min(fixed, routees.size() - 1);
  }
}
