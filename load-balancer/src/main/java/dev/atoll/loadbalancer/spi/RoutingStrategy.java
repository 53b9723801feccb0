package dev.atoll.loadbalancer.spi;

import java.util.List;
import java.util.Optional;

/**
 * Chooses the routee of each message. One instance serves one router.
 *
 * <p>A router routes on the sender's thread: {@code router.tell(message)} asks the strategy and
 * tells the chosen routee right there, with no actor in between (see {@link #isThreadSafe()} for
 * what that means for an implementation).
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
 *   <li>Never block, sleep, do I/O or ask another actor: it runs once per message, on the thread of
 *       whoever sends the message, on the hot path.
 *   <li>Unless it is thread-safe (7), assume one call at a time and nothing more: the router calls
 *       all its methods under one lock, so mutable fields need no further synchronization (the
 *       lock orders the calls and publishes their writes); but consecutive calls come from
 *       different threads (the senders'), so it must not use {@code ThreadLocal}s.
 *   <li>Treat {@code routees} as read-only. Between two calls of {@link #onRouteesChanged} the
 *       router passes the very same list instance to {@link #select}, so a strategy may derive data
 *       from it (a hash ring, weights) in {@code onRouteesChanged} and reuse it.
 *   <li>Be deterministic given its inputs and its own random source, if it has one, so that tests
 *       with a fixed seed replay exactly.
 *   <li>Return {@code true} from {@link #isThreadSafe()} only if {@link #select} and {@link
 *       #cannotRoute} may run on many threads at once, and at the same time as {@link
 *       #onRouteesChanged}. The router then calls them without its lock, and may pass {@code
 *       select} the list given to the previous {@code onRouteesChanged} while the next one runs:
 *       the index returned must be valid for the list passed, whatever {@code onRouteesChanged}
 *       last saw.
 * </ol>
 *
 * <p><b>Declaring a strategy of your own.</b> Write its fully-qualified class name as {@code
 * atoll.load-balancer.routers.<name>.strategy}. The class needs a public constructor that takes
 * either nothing or the router's {@link dev.atoll.loadbalancer.RouterSettings} (for its seed, its
 * virtual nodes, its weights); each router gets its own instance. Routers started in code take a
 * {@code Supplier<RoutingStrategy>} instead ({@link
 * dev.atoll.loadbalancer.LoadBalancers#start(dev.atoll.loadbalancer.RouterSettings, Class,
 * org.apache.pekko.actor.typed.Behavior, java.util.function.Supplier)}).
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
   * @param routees the list last given to {@link #onRouteesChanged} (or, for a thread-safe
   *     strategy, possibly the one before it)
   * @param inFlight requests in flight per routee index
   */
  int select(Object message, List<Routee> routees, InFlight inFlight);

  /**
   * Whether senders may call this strategy concurrently, without the router's lock (guarantee 7).
   * A lock costs little while one thread sends, but many senders then queue for it; a strategy
   * whose choice needs no shared mutable state (or only an atomic counter, as round-robin) should
   * say {@code true}. Default: {@code false}.
   */
  default boolean isThreadSafe() {
    return false;
  }
}
