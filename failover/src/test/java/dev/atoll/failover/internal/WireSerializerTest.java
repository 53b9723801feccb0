package dev.atoll.failover.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import dev.atoll.journal.spi.Epoch;
import dev.atoll.journal.spi.JournalEvent;
import dev.atoll.journal.spi.LogTip;
import dev.atoll.journal.spi.ReplicatedEvent;
import dev.atoll.journal.spi.SerializedObject;
import java.io.NotSerializableException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WireSerializerTest {

  private static ActorTestKit kit;

  @BeforeAll
  static void start() {
    kit = ActorTestKit.create(ConfigFactory.parseString("pekko.actor.provider = local"));
  }

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  private static Object roundTrip(Object message) throws NotSerializableException {
    Serialization serialization = SerializationExtension.get(Adapter.toClassic(kit.system()));
    var serializer = serialization.findSerializerFor(message);
    assertThat(serializer).isInstanceOf(WireSerializer.class);
    byte[] bytes = serializer.toBinary(message);
    return serialization.deserialize(bytes, serializer.identifier(), Serializers.manifestFor(serializer, message)).get();
  }

  @Test
  void aReplicateWithEveryKindOfFieldReadsBackEqual() throws Exception {
    TestProbe<Wire.ReplicateReply> probe = kit.createTestProbe();
    Epoch epoch = new Epoch(7, "127.0.0.1:2552");
    JournalEvent plain = new JournalEvent("Ledger|a", 5, "w-1", "", 1234L,
        new SerializedObject(33, "V1", new byte[] {1, 2, 3}), Optional.empty(), List.of());
    JournalEvent rich = new JournalEvent("Ledger|a", 6, "w-1", "m", 1235L,
        new SerializedObject(33, "", new byte[] {}), Optional.of(new SerializedObject(5, "meta", new byte[] {9})), List.of("t1", "tä"));
    Wire.Replicate replicate = new Wire.Replicate(12, epoch, "127.0.0.1:2552", 99L,
        List.of(new Wire.PidWrite("Ledger|a", 4, new Epoch(6, "127.0.0.1:2551"),
            List.of(new ReplicatedEvent(plain, epoch), new ReplicatedEvent(rich, epoch)), true)), probe.getRef());

    Wire.Replicate back = (Wire.Replicate) roundTrip(replicate);

    assertThat(back.shard()).isEqualTo(12);
    assertThat(back.epoch()).isEqualTo(epoch);
    assertThat(back.batchId()).isEqualTo(99L);
    assertThat(back.replyTo()).isEqualTo(probe.getRef());
    assertThat(back.writes()).isEqualTo(replicate.writes());

    Wire.ReplicateAll all = (Wire.ReplicateAll) roundTrip(new Wire.ReplicateAll(List.of(replicate, replicate)));
    assertThat(all.parts()).hasSize(2);
    assertThat(all.parts().get(1).writes()).isEqualTo(replicate.writes());
  }

  @Test
  void aReplyWithMismatchesReadsBackEqual() throws Exception {
    Wire.ReplicateReply reply = new Wire.ReplicateReply(3, 42L, "127.0.0.1:2553", false, new Epoch(9, "n"),
        List.of(new Wire.PidMismatch("Ledger|b", new LogTip(17, new Epoch(8, "m")))));
    assertThat(roundTrip(reply)).isEqualTo(reply);
  }

  @Test
  void aTruncatedMessageIsRejectedWithAClearError() throws Exception {
    Wire.ReplicateReply reply = new Wire.ReplicateReply(3, 42L, "127.0.0.1:2553", true, Epoch.NONE, List.of());
    WireSerializer serializer = new WireSerializer((org.apache.pekko.actor.ExtendedActorSystem) Adapter.toClassic(kit.system()));
    byte[] bytes = serializer.toBinary(reply);
    assertThatThrownBy(() -> serializer.fromBinary(Arrays.copyOf(bytes, bytes.length - 3), "A"))
        .isInstanceOf(NotSerializableException.class)
        .hasMessageContaining("damaged failover wire message");
  }
}
