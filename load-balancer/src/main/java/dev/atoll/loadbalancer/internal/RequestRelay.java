package dev.atoll.loadbalancer.internal;

import dev.atoll.loadbalancer.RoutedRequest;
import java.time.Duration;
import java.util.Optional;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.pattern.PromiseRef;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.util.Timeout;
import scala.concurrent.ExecutionContext;
import scala.util.Try;

/**
 * Steps 2 and 3 of {@link RoutedRequest}'s protocol, run on the sender's thread: the routee gets a
 * copy of the request whose reply address is a temporary actor (a {@link PromiseRef}), the request
 * counts as in flight for that routee, and the reply (or the timeout) counts it down again and goes
 * on to the original {@code replyTo}, unchanged.
 *
 * <p>Invariant: every request counted in flight is counted down exactly once, by its reply or by
 * its timeout, and before the sender sees that reply, so a sender that reads the router's
 * statistics after its reply never sees its own request still in flight.
 *
 * <p>Why the Scala {@code Future} with the parasitic execution context rather than a {@code
 * CompletionStage}: the {@code CompletionStage} that Pekko's Java ask returns runs even its
 * non-async callbacks on the JDK common pool, which on a 2-core machine starts a thread per reply
 * (measured before: 1.6k instead of 66k to 125k requests/s). Parasitic runs the few lines of the
 * callback on the thread that delivers the reply.
 */
final class RequestRelay {

  private static final ExecutionContext ON_REPLYING_THREAD = ExecutionContext.parasitic$.MODULE$;

  private final String routerName;
  private final Class<?> messageClass;
  private final ActorSystem classicSystem;
  private final Timeout replyTimeout;
  private final long replyTimeoutMillis;

  RequestRelay(String routerName, Class<?> messageClass, ActorSystem classicSystem, Duration replyTimeout) {
    this.routerName = routerName;
    this.messageClass = messageClass;
    this.classicSystem = classicSystem;
    this.replyTimeout = Timeout.create(replyTimeout);
    this.replyTimeoutMillis = replyTimeout.toMillis();
  }

  /**
   * The routee's copy of {@code request}, replying to a new temporary actor that relays the reply
   * to the original sender; sending it is up to the caller. Empty, with nothing counted, if the
   * request's {@code withReplyTo} does not return an instance of the router's message class.
   */
  @SuppressWarnings("unchecked")
  Optional<Object> trackedCopy(RouteeSlot slot, RoutedRequest<?> request) {
    ActorRef<StatusReply<Object>> replyTo = (ActorRef<StatusReply<Object>>) (ActorRef<?>) request.replyTo();
    PromiseRef<Object> promise = PromiseRef.apply(classicSystem, replyTimeout);
    ActorRef<StatusReply<Object>> relay = Adapter.toTyped(promise.ref());
    Object copy = ((RoutedRequest<Object>) request).withReplyTo(relay);
    if (!messageClass.isInstance(copy)) {
      promise.promise().tryFailure(new IllegalStateException("not sent")); // stops the temporary actor
      return Optional.empty();
    }
    slot.inFlight.incrementAndGet();
    promise.future().onComplete((Try<Object> outcome) -> relay(slot, replyTo, outcome), ON_REPLYING_THREAD);
    return Optional.of(copy);
  }

  @SuppressWarnings("unchecked")
  private Object relay(RouteeSlot slot, ActorRef<StatusReply<Object>> replyTo, Try<Object> outcome) {
    slot.inFlight.decrementAndGet();
    if (outcome.isSuccess() && outcome.get() instanceof StatusReply<?> reply) {
      replyTo.tell((StatusReply<Object>) reply);
    } else if (outcome.isSuccess()) {
      replyTo.tell(StatusReply.error("router " + routerName + ": routee " + slot.id() + " replied with a "
          + outcome.get().getClass().getName() + ", not a StatusReply"));
    } else {
      replyTo.tell(StatusReply.error("router " + routerName + ": no reply from routee " + slot.id() + " within "
          + replyTimeoutMillis + " ms"));
    }
    return outcome;
  }
}
