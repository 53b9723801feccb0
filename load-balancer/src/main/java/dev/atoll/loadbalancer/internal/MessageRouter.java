package dev.atoll.loadbalancer.internal;

import dev.atoll.loadbalancer.RoutedRequest;
import dev.atoll.loadbalancer.RouterSettings;
import dev.atoll.loadbalancer.RouterStats;
import dev.atoll.loadbalancer.spi.RoutingStrategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * Routes one message on the sender's own thread: asks the strategy for a routee in the current
 * {@link RoutingTable}, counts, and tells the routee directly. No actor sits between sender and
 * routee, so a routed message costs one strategy call and a few atomic increments more than a
 * direct tell, and many senders route at once (their counters are {@link LongAdder}s, so they do
 * not contend). The router's controller actor owns the routee set and publishes each new table
 * with {@link #publish}.
 *
 * <p>Concurrency: the table is immutable and read through a volatile field. A strategy that is
 * not {@linkplain RoutingStrategy#isThreadSafe() thread-safe} is called under {@link #strategyLock},
 * together with the read of the table, so it sees one call at a time and the table it was last
 * told about; {@link #publish} tells it about a new table under the same lock.
 *
 * <p>Start-up: until the controller publishes its first table (a pool router's routees are
 * spawned by then), messages are held in arrival order and routed by {@link #publish}, on the
 * controller's thread, so a router is usable as soon as its {@code ActorRef} exists and no sender's
 * messages are reordered.
 *
 * <p>Counting: one {@link LongAdder} increment per routed message, the routee's own; what went to
 * routees that have left is kept by the {@link RoutingTable}.
 */
public final class MessageRouter {

  private static final int REFUSED = -2;

  private final RouterSettings settings;
  private final Class<?> messageClass;
  private final RoutingStrategy strategy;
  private final boolean lockFree;
  private final Object strategyLock = new Object();
  private final UnroutableReporter unroutable;
  private final RequestRelay requests;

  private volatile RoutingTable table = RoutingTable.EMPTY;
  private volatile boolean started;
  private List<Object> heldUntilStarted = new ArrayList<>(); // guarded by strategyLock

  public MessageRouter(RouterSettings settings, Class<?> messageClass, RoutingStrategy strategy, ActorSystem<?> system) {
    this.settings = settings;
    this.messageClass = messageClass;
    this.strategy = strategy;
    this.lockFree = strategy.isThreadSafe();
    this.unroutable = new UnroutableReporter(settings.name(), system);
    this.requests = new RequestRelay(settings.name(), messageClass, system.classicSystem(), settings.replyTimeout());
    strategy.onRouteesChanged(table.routees());
  }

  public RouterSettings settings() {
    return settings;
  }

  /** The class of the strategy this router runs. */
  public String strategyClassName() {
    return strategy.getClass().getName();
  }

  /** Routes {@code message} on the calling thread. Never throws for a message it cannot route. */
  public void route(Object message) {
    if (!started && holdUntilStarted(message)) {
      return;
    }
    routeNow(message);
  }

  private void routeNow(Object message) {
    if (!messageClass.isInstance(message)) {
      unroutable.report(message, "it routes " + messageClass.getName() + " only");
      return;
    }
    RoutingTable current;
    int index;
    try {
      if (lockFree) {
        current = table;
        index = choose(message, current);
      } else {
        synchronized (strategyLock) {
          current = table;
          index = choose(message, current);
        }
      }
    } catch (RuntimeException e) {
      // A strategy's bug must not surface in the sender's tell.
      unroutable.report(message, "strategy " + strategy.getClass().getName() + " threw " + e);
      return;
    }
    if (index < 0 || index >= current.eligibleCount()) {
      unroutable.report(message, whyNot(message, index, current));
      return;
    }
    RouteeSlot slot = current.eligible(index);
    if (message instanceof RoutedRequest<?> request) {
      Optional<Object> copy = requests.trackedCopy(slot, request);
      if (copy.isEmpty()) {
        unroutable.report(message, "its withReplyTo returned no " + messageClass.getName());
        return;
      }
      count(slot);
      slot.tell(copy.get());
    } else {
      count(slot);
      slot.tell(message);
    }
  }

  /**
   * Installs the routee set the controller computed. Called by the controller only, so tables are
   * published one at a time; the first call also routes the messages held since start-up.
   */
  void publish(RoutingTable next) {
    if (lockFree) {
      strategy.onRouteesChanged(next.routees());
      table = next;
    }
    synchronized (strategyLock) {
      if (!lockFree) {
        strategy.onRouteesChanged(next.routees());
        table = next;
      }
      if (!started) {
        // Under the lock, and before started is set: a sender arriving meanwhile waits for the
        // lock, then finds started set and routes after every message held before its own.
        heldUntilStarted.forEach(this::routeNow);
        heldUntilStarted = List.of();
        started = true;
      }
    }
  }

  /** A snapshot of the counters; each is exact, read one after another while messages may flow. */
  public RouterStats stats() {
    RoutingTable current = table;
    List<RouterStats.RouteeStats> rows = new ArrayList<>();
    for (RouteeSlot slot : current.known()) {
      rows.add(new RouterStats.RouteeStats(slot.id(), current.isEligible(slot), slot.sent.sum(), slot.inFlight.get()));
    }
    return new RouterStats(
        settings.name(), settings.strategy(), strategyClassName(), rows, unroutable.total(), current.sentToDeparted());
  }

  private boolean holdUntilStarted(Object message) {
    synchronized (strategyLock) {
      if (started) {
        return false;
      }
      heldUntilStarted.add(message);
      return true;
    }
  }

  private int choose(Object message, RoutingTable current) {
    return strategy.cannotRoute(message).isPresent()
        ? REFUSED
        : strategy.select(message, current.routees(), current.inFlight());
  }

  private static void count(RouteeSlot slot) {
    slot.sent.increment();
  }

  private String whyNot(Object message, int index, RoutingTable current) {
    if (index == REFUSED) {
      Optional<String> reason;
      if (lockFree) {
        reason = strategy.cannotRoute(message);
      } else {
        synchronized (strategyLock) {
          reason = strategy.cannotRoute(message);
        }
      }
      return reason.orElse("the strategy refused it");
    }
    if (index == RoutingStrategy.NO_ROUTEE) {
      if (current.known().isEmpty()) {
        return settings.isPool()
            ? "every routee of the pool has stopped"
            : "no routee is registered for service \"" + settings.service().orElseThrow() + "\" on any reachable member";
      }
      return "none of its " + current.known().size()
          + " routees is eligible (their members are unreachable, leaving or down)";
    }
    return "strategy " + strategy.getClass().getName() + " chose routee " + index + " of "
        + current.eligibleCount() + " (a bug in the strategy)";
  }
}
