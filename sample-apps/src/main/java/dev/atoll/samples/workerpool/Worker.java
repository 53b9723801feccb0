package dev.atoll.samples.workerpool;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.pattern.StatusReply;

/** A worker: answers each {@link Job} with the SHA-256 of its payload, hashed {@code rounds} times. */
public final class Worker {

  private Worker() {}

  /** A worker that signs its results with {@code name}. */
  public static Behavior<Job> create(String name) {
    return Behaviors.receiveMessage(job -> {
      if (job.rounds() < 1) {
        job.replyTo().tell(StatusReply.error("rounds must be >= 1, got " + job.rounds()));
      } else {
        job.replyTo().tell(StatusReply.success(new JobResult(digest(job.payload(), job.rounds()), name)));
      }
      return Behaviors.same();
    });
  }

  static String digest(String payload, int rounds) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      byte[] value = payload.getBytes(StandardCharsets.UTF_8);
      for (int i = 0; i < rounds; i++) {
        value = sha256.digest(value);
      }
      return HexFormat.of().formatHex(value);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
