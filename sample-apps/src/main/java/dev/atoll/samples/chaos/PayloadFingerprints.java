package dev.atoll.samples.chaos;

import com.typesafe.config.ConfigFactory;
import dev.atoll.samples.ledger.Ledger;
import java.util.Arrays;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;

/**
 * Recognises a ledger event in a node's log. The management endpoint lists each stored event with
 * a hash of its payload, not the payload; this serializes {@code Ledger.Appended(value)} exactly as
 * a node does (Pekko Serialization with Atoll's bindings, in a local ActorSystem that starts no
 * cluster and no Atoll extension) and hashes it the same way, so that a stored event can be traced
 * to the value a client tried to append.
 */
final class PayloadFingerprints implements AutoCloseable {

  private final ActorSystem<Void> system;
  private final Serialization serialization;

  PayloadFingerprints() {
    system = ActorSystem.create(Behaviors.empty(), "chaos-fingerprints", ConfigFactory.parseString(
            "pekko.actor.provider = local\n"
                + "pekko.actor.typed.library-extensions = []\n"
                + "pekko.loglevel = OFF\n"
                + "pekko.stdout-loglevel = OFF\n"
                + "pekko.loggers = [\"org.apache.pekko.event.Logging$DefaultLogger\"]\n")
        .withFallback(ConfigFactory.load()));
    serialization = SerializationExtension.get(system);
  }

  /** The payload hash a node's log shows for the event that appended {@code value}. */
  String of(String value) {
    byte[] bytes = serialization.serialize(new Ledger.Appended(value)).get();
    return Integer.toHexString(Arrays.hashCode(bytes));
  }

  @Override
  public void close() {
    system.terminate();
  }
}
