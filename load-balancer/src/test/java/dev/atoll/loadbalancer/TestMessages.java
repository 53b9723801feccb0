package dev.atoll.loadbalancer;

import dev.atoll.framework.AtollSerializable;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.pattern.StatusReply;

/** Messages and routee behaviors shared by the router tests. */
final class TestMessages {

  private TestMessages() {}

  /** An ask-style request; the reply names the routee that handled it. Serializable for cluster tests. */
  record Job(String key, ActorRef<StatusReply<String>> replyTo)
      implements RoutedRequest<String>, ConsistentHashable, AtollSerializable {
    @Override
    public Job withReplyTo(ActorRef<StatusReply<String>> newReplyTo) {
      return new Job(key, newReplyTo);
    }

    @Override
    public String hashKey() {
      return key;
    }
  }

  /** A plain (fire-and-forget) message. */
  record Ping(int n) {}

  /** Answers every job at once with {@code name}; a job with key "fail" makes it throw. */
  static Behavior<Job> replier(String name) {
    return Behaviors.receiveMessage(job -> {
      if (job.key().equals("fail")) {
        throw new IllegalStateException("routee " + name + " asked to fail");
      }
      job.replyTo().tell(StatusReply.success(name));
      return Behaviors.same();
    });
  }

  /** Answers every job with {@code name} after {@code delay}, many jobs at once (a slow service, not a stuck one). */
  static Behavior<Job> slowReplier(String name, Duration delay) {
    String due = "due:";
    return Behaviors.withTimers(timers -> Behaviors.receiveMessage(job -> {
      if (job.key().startsWith(due)) {
        job.replyTo().tell(StatusReply.success(name));
      } else {
        timers.startSingleTimer(new Object(), new Job(due + job.key(), job.replyTo()), delay);
      }
      return Behaviors.same();
    }));
  }

  /**
   * A closed-loop client: keeps {@code concurrency} jobs in flight through {@code router} until
   * {@code total} have been answered, then reports how many each routee answered.
   */
  static Behavior<StatusReply<String>> closedLoopClient(
      ActorRef<Job> router, int concurrency, int total, ActorRef<java.util.Map<String, Integer>> report) {
    return Behaviors.setup(context -> {
      java.util.Map<String, Integer> answered = new java.util.TreeMap<>();
      int[] sent = {0};
      int[] received = {0};
      for (; sent[0] < concurrency; sent[0]++) {
        router.tell(new Job("job-" + sent[0], context.getSelf()));
      }
      return Behaviors.receiveMessage(reply -> {
        answered.merge(reply.isSuccess() ? reply.getValue() : "error: " + reply.getError().getMessage(), 1, Integer::sum);
        received[0]++;
        if (sent[0] < total) {
          router.tell(new Job("job-" + sent[0]++, context.getSelf()));
        } else if (received[0] == total) {
          report.tell(java.util.Map.copyOf(answered));
          return Behaviors.stopped();
        }
        return Behaviors.same();
      });
    });
  }

  /** Forwards every job to {@code probe} without answering: the test answers, or not. */
  static Behavior<Job> forwarder(ActorRef<Job> probe) {
    return Behaviors.receiveMessage(job -> {
      probe.tell(job);
      return Behaviors.same();
    });
  }
}
