package dev.atoll.loadbalancer;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;

/**
 * An ask-style message whose reply the router relays, so that the router knows when the request
 * is finished. This is Atoll's completion-feedback protocol:
 *
 * <ol>
 *   <li>The sender sets {@link #replyTo()} to where it wants the reply, as with any ask.
 *   <li>The router sends the routee a copy made with {@link #withReplyTo} whose reply address is a
 *       temporary actor of the router, and counts the request as in flight for that routee.
 *   <li>The routee replies as usual; the router forwards the {@link StatusReply} unchanged to the
 *       original {@code replyTo} and counts the request as finished. If no reply comes within the
 *       router's {@code reply-timeout}, the sender gets {@code StatusReply.error} naming the routee
 *       and the request stops counting as in flight.
 *   <li>If the router has no routee for the request, the sender gets {@code StatusReply.error} with
 *       the reason at once.
 * </ol>
 *
 * <p>Every router tracks requests this way (in-flight counts are in {@link RouterStats}); the
 * {@code least-outstanding} strategy needs it to see which routee is slow. Plain messages (not
 * implementing this interface) are told to the routee directly and never count as in flight.
 *
 * @param <R> the type of a successful reply
 * @since 0.1.0
 */
public interface RoutedRequest<R> {

  /** Where the reply goes. */
  ActorRef<StatusReply<R>> replyTo();

  /**
   * A copy of this message, equal in everything but the reply address. It MUST be an instance of
   * the router's message class (a record's copy with one field replaced).
   */
  RoutedRequest<R> withReplyTo(ActorRef<StatusReply<R>> replyTo);
}
