package dev.atoll.samples.workerpool;

import dev.atoll.framework.AtollSerializable;
import dev.atoll.loadbalancer.RoutedRequest;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;

/**
 * A stateless job: hash {@code payload} {@code rounds} times. Ask-style ({@link RoutedRequest}), so
 * the router counts it in flight until the worker answers.
 */
public record Job(String payload, int rounds, ActorRef<StatusReply<JobResult>> replyTo)
    implements RoutedRequest<JobResult>, AtollSerializable {

  @Override
  public Job withReplyTo(ActorRef<StatusReply<JobResult>> newReplyTo) {
    return new Job(payload, rounds, newReplyTo);
  }
}
