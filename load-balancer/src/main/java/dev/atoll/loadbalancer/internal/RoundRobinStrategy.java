package dev.atoll.loadbalancer.internal;

import dev.atoll.loadbalancer.spi.InFlight;
import dev.atoll.loadbalancer.spi.Routee;
import dev.atoll.loadbalancer.spi.RoutingStrategy;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Each routee in turn, from one atomic counter taken modulo the number of routees. Every counter
 * value is used exactly once, so over {@code k * n} consecutive messages each of {@code n} routees
 * gets exactly {@code k}, however many threads send. The counter survives routee changes, so a
 * change does not send a burst to the first routee. A long never wraps in practice (2^63 messages).
 */
public final class RoundRobinStrategy implements RoutingStrategy {

  private final AtomicLong next = new AtomicLong();

  @Override
  public int select(Object message, List<Routee> routees, InFlight inFlight) {
    int size = routees.size();
    if (size == 0) {
      return NO_ROUTEE;
    }
    return (int) (next.getAndIncrement() % size);
  }

  /** Reads only its arguments and the atomic counter. */
  @Override
  public boolean isThreadSafe() {
    return true;
  }
}
