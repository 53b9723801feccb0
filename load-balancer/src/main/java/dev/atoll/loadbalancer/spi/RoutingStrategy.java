package dev.atoll.loadbalancer.spi;

import java.util.List;
import java.util.Optional;

/**
 * Chooses the routee of each message. One instance serves one router actor.
 *
 * <p>An implementation MUST:
 *
 * <ol>
 *   <li>Choose only among the routees it is given: {@link #select} returns an index into its
 *       {@code routees} argument, or {@link #NO_ROUTEE}. The router has already left out routees on
 *       unreachable, leaving or downed members; a strategy never second-guesses that list.
 *   <li>Return {@link #NO_ROUTEE} when {@code routees} is empty, and never when it is not (unless
 *       every routee has weight zero for a weighted strategy, which it then says in {@link
 *       #cannotRoute}): the router turns {@code NO_ROUTEE} into a failure reply or a logged dead
 *       letter, so a strategy never waits for a routee to appear.
 *   <li>Never block, sleep, do I/O or ask another actor: it runs inside the router actor, once per
 *       message, on the hot path.
 *   <li>Assume thread confinement and nothing more: all methods are called by the one router actor
 *       that owns the instance, one call at a time, so mutable fields need no synchronization; but
 *       consecutive calls may run on different threads (the actor's memory visibility rules apply),
 *       so it must not use {@code ThreadLocal}s.
 *   <li>Treat {@code routees} as read-only. Between two calls of {@link #onRouteesChanged} the
 *       router passes the very same list instance to {@link #select}, so a strategy may derive data
 *       from it (a hash ring, weights) in {@code onRouteesChanged} and reuse it.
 *   <li>Be deterministic given its inputs and its own random source, if it has one, so that tests
 *       with a fixed seed replay exactly.
 * </ol>
 *
 * @since 0.1.0
 */
public interface RoutingStrategy {

  /** What {@link #select} returns when it chooses no routee. */
  int NO_ROUTEE = -1;

  /**
   * The routee set changed (a routee registered, stopped, or its member became unreachable or
   * reachable again). Called before the first {@link #select} with the initial list, possibly
   * empty, and after every change.
   *
   * @param routees the routees now eligible, in ascending {@link Routee#id()} order
   */
  default void onRouteesChanged(List<Routee> routees) {}

  /**
   * Why {@code message} cannot be routed by this strategy at all (for example, it carries no
   * hash key), or empty. Called before {@link #select}; the reason reaches the log or the sender.
   */
  default Optional<String> cannotRoute(Object message) {
    return Optional.empty();
  }

  /**
   * The index in {@code routees} of the routee for {@code message}, or {@link #NO_ROUTEE} if
   * {@code routees} is empty.
   *
   * @param routees the list last given to {@link #onRouteesChanged}
   * @param inFlight requests in flight per routee index
   */
  int select(Object message, List<Routee> routees, InFlight inFlight);
}
