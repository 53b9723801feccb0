package dev.atoll.framework;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.serialization.SerializationExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(LogCapturingExtension.class)
class SerializationTest {

  /** A message written for the wire. */
  public record Deposit(String accountId, long amountCents, List<String> tags) implements AtollSerializable {}

  /** A class that only Java serialization could handle. */
  public static final class LegacyMessage implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  @TempDir static Path dataDir;
  private static AtollNode node;
  private static ActorTestKit kit;

  @BeforeAll
  static void start() {
    node = AtollNode.start(ConfigFactory.parseString("atoll.node { port = 0, data-dir = \"" + dataDir + "\" }"));
    kit = ActorTestKit.create(node.system());
  }

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
    node.system().terminate();
    node.whenTerminated().toCompletableFuture().join();
  }

  @Test
  void messagesMarkedAtollSerializableGoThroughJacksonCbor() {
    Deposit deposit = new Deposit("acc-1", 1250, List.of("salary"));
    assertThat(SerializationExtension.get(node.system().classicSystem()).findSerializerFor(deposit).getClass().getSimpleName())
        .isEqualTo("JacksonCborSerializer");
    assertThat(kit.serializationTestKit().verifySerialization(deposit, false)).isEqualTo(deposit);
  }

  @Test
  void javaSerializationIsRefused() {
    assertThatThrownBy(() -> kit.serializationTestKit().verifySerialization(new LegacyMessage(), false))
        .hasMessageContaining("Java serialization");
  }
}
