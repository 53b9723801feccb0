package dev.atoll.loadbalancer.internal;

import dev.atoll.loadbalancer.spi.InFlight;
import dev.atoll.loadbalancer.spi.Routee;
import dev.atoll.loadbalancer.spi.RoutingStrategy;
import java.util.List;

/**
 * Each routee in turn. The position survives routee changes (taken modulo the new size), so a
 * change does not send a burst to the first routee.
 */
public final class RoundRobinStrategy implements RoutingStrategy {

  private int next;

  @Override
  public int select(Object message, List<Routee> routees, InFlight inFlight) {
    int size = routees.size();
    if (size == 0) {
      return NO_ROUTEE;
    }
    if (next >= size) {
      next = 0;
    }
    return next++;
  }
}
