package dev.atoll.loadbalancer.plugin;

import dev.atoll.loadbalancer.spi.InFlight;
import dev.atoll.loadbalancer.spi.Routee;
import dev.atoll.loadbalancer.spi.RoutingStrategy;
import java.util.List;

/**
 * A plugin strategy, as a user would write one and name in configuration by class name: always the
 * routee with the highest id (for example, the newest version of a service).
 */
public final class LastRouteeStrategy implements RoutingStrategy {

  @Override
  public int select(Object message, List<Routee> routees, InFlight inFlight) {
    return routees.isEmpty() ? NO_ROUTEE : routees.size() - 1;
  }
}
