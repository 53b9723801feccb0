package dev.atoll.loadbalancer.internal;

import dev.atoll.loadbalancer.RoutedRequest;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.pattern.StatusReply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure a message the router cannot route is never lost silently: an ask-style sender gets
 * the reason at once as {@code StatusReply.error}, a plain message goes to dead letters, and the
 * reason is logged at WARN, at most once per {@link #WARN_INTERVAL} with a count of what happened
 * since, so that a router with no routee left cannot flood the log. Called from any sender's thread.
 */
final class UnroutableReporter {

  private static final Duration WARN_INTERVAL = Duration.ofSeconds(1);
  private static final Logger LOG = LoggerFactory.getLogger(UnroutableReporter.class);

  private final String routerName;
  private final ActorSystem<?> system;
  private final LongAdder total = new LongAdder();
  private final AtomicLong sinceWarning = new AtomicLong();
  private final AtomicLong lastWarningNanos = new AtomicLong(System.nanoTime() - WARN_INTERVAL.toNanos());

  UnroutableReporter(String routerName, ActorSystem<?> system) {
    this.routerName = routerName;
    this.system = system;
  }

  /** Messages reported so far. */
  long total() {
    return total.sum();
  }

  @SuppressWarnings("unchecked")
  void report(Object message, String reason) {
    total.increment();
    sinceWarning.incrementAndGet();
    String text = "router " + routerName + " cannot route " + message.getClass().getSimpleName() + ": " + reason;
    if (message instanceof RoutedRequest<?> request) {
      ((ActorRef<StatusReply<Object>>) (ActorRef<?>) request.replyTo()).tell(StatusReply.error(text));
    } else {
      system.deadLetters().tell(message);
    }
    long now = System.nanoTime();
    long last = lastWarningNanos.get();
    // Of several threads past the interval at once, the one whose compareAndSet wins logs.
    if (now - last >= WARN_INTERVAL.toNanos() && lastWarningNanos.compareAndSet(last, now)) {
      LOG.warn("{} ({} unroutable since the last warning, {} in total)", text, sinceWarning.getAndSet(0), total.sum());
    }
  }
}
