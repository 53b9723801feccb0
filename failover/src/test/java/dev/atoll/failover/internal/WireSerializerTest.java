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
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
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
    TestProbe<Wire.ReplicateAnswer> probe = kit.createTestProbe();
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
  void repliesTravellingTogetherReadBackEqualAndInOrder() throws Exception {
    Wire.ReplicateReply refused = new Wire.ReplicateReply(3, 42L, "127.0.0.1:2553", false, new Epoch(9, "n"), List.of());
    Wire.ReplicateReply mismatched = new Wire.ReplicateReply(4, 43L, "127.0.0.1:2553", true, Epoch.NONE,
        List.of(new Wire.PidMismatch("Ledger|b", new LogTip(17, new Epoch(8, "m")))));
    Wire.ReplicateReplies replies = new Wire.ReplicateReplies(List.of(refused, mismatched));
    assertThat(roundTrip(replies)).isEqualTo(replies);
  }

  private static Wire.ReplicateAll burst(ActorRef<Wire.ReplicateAnswer> replyTo, int events) {
    Epoch epoch = new Epoch(7, "127.0.0.1:2552");
    List<Wire.Replicate> parts = new ArrayList<>();
    for (int i = 0; i < events; i++) {
      String pid = "Account|acc-" + i;
      JournalEvent event = new JournalEvent(pid, 10, "4b1c8a8e-1f5e-4f7e-9c0d-2a7d3f9e8b61", "", 1234L + i,
          new SerializedObject(33, "dev.atoll.sample.Deposited", new byte[100]), Optional.empty(), List.of());
      parts.add(new Wire.Replicate(i % 64, epoch, "127.0.0.1:2552", i, List.of(
          Wire.PidWrite.live(pid, 9, epoch, List.of(new ReplicatedEvent(event, epoch)))), replyTo));
    }
    return new Wire.ReplicateAll(parts);
  }

  @Test
  void aBurstWrittenIntoALittleEndianDirectBufferAtAnOffsetReadsBackEqual() throws Exception {
    TestProbe<Wire.ReplicateAnswer> probe = kit.createTestProbe();
    Wire.ReplicateAll all = burst(probe.getRef(), 50);
    WireSerializer serializer = new WireSerializer((org.apache.pekko.actor.ExtendedActorSystem) Adapter.toClassic(kit.system()));
    ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024).order(ByteOrder.LITTLE_ENDIAN);
    buffer.position(28); // Artery writes its header first
    serializer.toBinary(all, buffer);
    int end = buffer.position();
    buffer.flip().position(28);

    Wire.ReplicateAll back = (Wire.ReplicateAll) serializer.fromBinary(buffer, "B");

    assertThat(buffer.position()).isEqualTo(end);
    assertThat(back.parts()).hasSize(50);
    for (int i = 0; i < 50; i++) {
      assertThat(back.parts().get(i).writes()).isEqualTo(all.parts().get(i).writes());
      assertThat(back.parts().get(i).batchId()).isEqualTo(i);
      assertThat(back.parts().get(i).replyTo()).isEqualTo(probe.getRef());
    }
  }

  @Test
  void stringsRepeatedAcrossABurstAreWrittenOnce() throws Exception {
    TestProbe<Wire.ReplicateAnswer> probe = kit.createTestProbe();
    int one = SerializationExtension.get(Adapter.toClassic(kit.system())).serialize(burst(probe.getRef(), 1)).get().length;
    int hundred = SerializationExtension.get(Adapter.toClassic(kit.system())).serialize(burst(probe.getRef(), 101)).get().length;
    // Each further event, in a part of its own: its 100-byte payload, about 120 bytes of numbers
    // and string indexes, and its persistence id (the only string new to the table). Spelling out
    // the epochs' node names, the writer UUID, the manifest and the reply-to path again for each
    // event, as the layout before the string table did, took about 400 (401 measured for this
    // burst, with a cluster actor's reply-to path).
    assertThat((hundred - one) / 100).isBetween(200, 250);
  }

  @Test
  void aStringIndexOutsideTheTableIsRejectedWithAClearError() throws Exception {
    TestProbe<Wire.ReplicateAnswer> probe = kit.createTestProbe();
    WireSerializer serializer = new WireSerializer((org.apache.pekko.actor.ExtendedActorSystem) Adapter.toClassic(kit.system()));
    byte[] bytes = serializer.toBinary(burst(probe.getRef(), 1));
    // the first part's epoch node: offset 4 (table offset) + 4 (part count) + 4 (shard) + 8 (epoch counter)
    ByteBuffer.wrap(bytes).putInt(20, 999);
    assertThatThrownBy(() -> serializer.fromBinary(bytes, "B"))
        .isInstanceOf(NotSerializableException.class)
        .hasMessageContaining("string index 999");
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
