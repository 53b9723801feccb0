package dev.atoll.loadbalancer.internal;

import dev.atoll.loadbalancer.spi.Routee;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Adapter;

/**
 * A routee the router knows, with its counters. The identity fields are fixed for the routee's life;
 * the counters are written by every thread that routes to it (senders count {@link #sent} and
 * {@link #inFlight} up, replies and timeouts count {@link #inFlight} down), so they are concurrent:
 * a {@link LongAdder} for {@code sent}, which only statistics read, and an {@link AtomicInteger}
 * for {@code inFlight}, which least-outstanding reads on every message.
 */
final class RouteeSlot {

  final Routee routee;
  final ActorRef<Object> ref;
  /**
   * {@link #ref} as Pekko's classic ref, which the router tells; null for a typed ref that wraps
   * none (a test inbox). The typed ref only wraps it (the same tell, with no sender); telling it
   * directly keeps the router's tell from nesting a second typed tell inside the first.
   */
  private final org.apache.pekko.actor.ActorRef classicRef;
  final LongAdder sent = new LongAdder();
  final AtomicInteger inFlight = new AtomicInteger();

  RouteeSlot(Routee routee, ActorRef<Object> ref) {
    this.routee = routee;
    this.ref = ref;
    this.classicRef = classicOf(ref);
  }

  private static org.apache.pekko.actor.ActorRef classicOf(ActorRef<Object> ref) {
    try {
      return Adapter.toClassic(ref);
    } catch (UnsupportedOperationException notAnAdaptedRef) {
      return null;
    }
  }

  /** Tells the routee {@code message}, as {@code ref.tell(message)} does. */
  void tell(Object message) {
    if (classicRef != null) {
      classicRef.tell(message, org.apache.pekko.actor.ActorRef.noSender());
    } else {
      ref.tell(message);
    }
  }

  String id() {
    return routee.id();
  }
}
