package dev.atoll.loadbalancer.internal;

import dev.atoll.loadbalancer.spi.Routee;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.apache.pekko.actor.typed.ActorRef;

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
  final LongAdder sent = new LongAdder();
  final AtomicInteger inFlight = new AtomicInteger();

  RouteeSlot(Routee routee, ActorRef<Object> ref) {
    this.routee = routee;
    this.ref = ref;
  }

  String id() {
    return routee.id();
  }
}
