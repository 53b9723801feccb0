package dev.atoll.failover.internal;

import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The actor backups reply to ({@link Wire.Replicate#replyTo()}): one per node, so that a write
 * costs no temporary actor; it hands every reply to {@link PendingWrites}.
 */
final class AckCollector {

  static final String NAME = "atoll-failover-acks";

  private AckCollector() {}

  static Behavior<Wire.ReplicateAnswer> create(PendingWrites pending) {
    return Behaviors.receiveMessage(answer -> {
      for (Wire.ReplicateReply reply : answer.replies()) {
        pending.onReply(reply);
      }
      return Behaviors.same();
    });
  }
}
