package dev.atoll.loadbalancer.internal;

import dev.atoll.loadbalancer.spi.InFlight;
import dev.atoll.loadbalancer.spi.Routee;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * One immutable view of a router's routees, built by its controller whenever the routee set or a
 * member's reachability changes, and read by every sender without a lock.
 *
 * <p>Invariants: {@link #eligible} and {@link #routees} hold the same routees in the same ascending
 * id order ({@code routees.get(i)} describes {@code eligible.get(i)}, with its member's current
 * roles); every eligible slot is also in {@link #known}, which lists every routee the router knows,
 * in id order, eligible or not. Routees that left are in {@link #departing} for a grace period
 * (a sender may still be counting a message to one through an older table), then their count is
 * folded into {@link #departedFolded}.
 */
final class RoutingTable {

  static final RoutingTable EMPTY = new RoutingTable(List.of(), List.of(), List.of(), List.of(), 0);

  private final List<RouteeSlot> known;
  private final RouteeSlot[] eligible;
  private final List<Routee> routees;
  private final Set<RouteeSlot> eligibleSet;
  private final InFlight inFlight;
  private final List<RouteeSlot> departing;
  private final long departedFolded;

  RoutingTable(
      List<RouteeSlot> known,
      List<RouteeSlot> eligible,
      List<Routee> routees,
      List<RouteeSlot> departing,
      long departedFolded) {
    if (eligible.size() != routees.size()) {
      throw new IllegalArgumentException(eligible.size() + " eligible slots but " + routees.size() + " routees");
    }
    this.known = List.copyOf(known);
    this.eligible = eligible.toArray(new RouteeSlot[0]);
    this.routees = List.copyOf(routees);
    Set<RouteeSlot> set = Collections.newSetFromMap(new IdentityHashMap<>());
    set.addAll(eligible);
    this.eligibleSet = Collections.unmodifiableSet(set);
    RouteeSlot[] slots = this.eligible;
    this.inFlight = index -> slots[index].inFlight.get();
    this.departing = List.copyOf(departing);
    this.departedFolded = departedFolded;
  }

  /** Messages sent to routees that have left: those folded, and those still in their grace period. */
  long sentToDeparted() {
    long sent = departedFolded;
    for (RouteeSlot slot : departing) {
      sent += slot.sent.sum();
    }
    return sent;
  }

  /** Every routee the router knows, in id order, eligible or not. */
  List<RouteeSlot> known() {
    return known;
  }

  /** The eligible routees as the strategy sees them; the same instance for the table's life. */
  List<Routee> routees() {
    return routees;
  }

  int eligibleCount() {
    return eligible.length;
  }

  RouteeSlot eligible(int index) {
    return eligible[index];
  }

  boolean isEligible(RouteeSlot slot) {
    return eligibleSet.contains(slot);
  }

  InFlight inFlight() {
    return inFlight;
  }
}
