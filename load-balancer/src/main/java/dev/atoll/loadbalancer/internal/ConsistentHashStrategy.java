package dev.atoll.loadbalancer.internal;

import dev.atoll.framework.HashRing;
import dev.atoll.loadbalancer.ConsistentHashable;
import dev.atoll.loadbalancer.spi.InFlight;
import dev.atoll.loadbalancer.spi.Routee;
import dev.atoll.loadbalancer.spi.RoutingStrategy;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Routes by {@link ConsistentHashable#hashKey()} on a ring of routees. Each routee owns {@code
 * virtualNodes} points at {@link HashRing#positionOf} of {@code "<routee id>#<i>"}; a key goes to
 * the owner of the first point at or clockwise after its own position. Framework's {@link HashRing}
 * places cluster members, one per address; routers need several routees per member, so this ring is
 * over routee ids, with the same hash function and the same tie-break (lower routee index wins).
 *
 * <p>Because positions depend only on routee ids, every router over the same routees routes a key
 * to the same routee, and a routee joining or leaving moves only the keys it gains or loses.
 *
 * <p>Thread-safe: the ring is an immutable value published through a volatile field together with
 * the routee list it was built from, so a sender that is handed an older list (while the router
 * installs a new one) builds that list's ring itself rather than mixing the two.
 */
public final class ConsistentHashStrategy implements RoutingStrategy {

  /** The points of one routee list: {@code owners[i]} owns {@code positions[i]}, in ascending order. */
  private record Ring(List<Routee> routees, long[] positions, int[] owners) {

    static Ring of(List<Routee> routees, int virtualNodes) {
      int points = routees.size() * virtualNodes;
      long[] rawPositions = new long[points];
      Integer[] order = new Integer[points];
      for (int r = 0; r < routees.size(); r++) {
        String prefix = routees.get(r).id() + "#";
        for (int v = 0; v < virtualNodes; v++) {
          int point = r * virtualNodes + v;
          rawPositions[point] = HashRing.positionOf(prefix + v);
          order[point] = point;
        }
      }
      // Points are numbered routee by routee, so on equal positions the lower point is the lower routee.
      Arrays.sort(order, (a, b) -> rawPositions[a] != rawPositions[b] ? Long.compare(rawPositions[a], rawPositions[b]) : Integer.compare(a, b));
      long[] positions = new long[points];
      int[] owners = new int[points];
      for (int i = 0; i < points; i++) {
        positions[i] = rawPositions[order[i]];
        owners[i] = order[i] / virtualNodes;
      }
      return new Ring(routees, positions, owners);
    }

    int ownerOf(String key) {
      long position = HashRing.positionOf(key);
      int index = Arrays.binarySearch(positions, position);
      if (index < 0) {
        index = -index - 1; // first point after the key
      } else {
        while (index > 0 && positions[index - 1] == position) {
          index--; // first of equal points
        }
      }
      return owners[index == positions.length ? 0 : index];
    }
  }

  private final int virtualNodes;
  private volatile Ring ring = new Ring(List.of(), new long[0], new int[0]);

  public ConsistentHashStrategy(int virtualNodes) {
    if (virtualNodes <= 0) {
      throw new IllegalArgumentException("virtualNodes = " + virtualNodes + ": must be > 0");
    }
    this.virtualNodes = virtualNodes;
  }

  @Override
  public void onRouteesChanged(List<Routee> routees) {
    ring = Ring.of(routees, virtualNodes);
  }

  @Override
  public Optional<String> cannotRoute(Object message) {
    return message instanceof ConsistentHashable
        ? Optional.empty()
        : Optional.of(
            "a consistent-hash router needs messages implementing "
                + ConsistentHashable.class.getName()
                + ", got "
                + message.getClass().getName());
  }

  @Override
  public int select(Object message, List<Routee> routees, InFlight inFlight) {
    if (routees.isEmpty()) {
      return NO_ROUTEE;
    }
    Ring current = ring;
    if (current.routees() != routees) {
      current = Ring.of(routees, virtualNodes); // a list older or newer than the installed ring: rare
    }
    return current.ownerOf(((ConsistentHashable) message).hashKey());
  }

  @Override
  public boolean isThreadSafe() {
    return true;
  }
}
