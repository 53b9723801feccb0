package dev.atoll.sharding.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atoll.framework.AtollConfigException;
import dev.atoll.sharding.spi.ShardReadiness;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestKitJUnit5Extension.class)
@ExtendWith(LogCapturingExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadinessLoaderTest {

  @JUnit5TestKit ActorTestKit testKit = new JUnit5TestKitBuilder().build();

  private static final Address TARGET = new Address("pekko", "atoll", "10.0.0.1", 2551);

  /** Ready for even shards only; built with the no-argument constructor. */
  public static final class EvenShardsReady implements ShardReadiness {
    @Override
    public boolean isReady(int shard, Address target) {
      return shard % 2 == 0;
    }
  }

  /** Remembers the system it was built with. */
  public static final class SystemAware implements ShardReadiness {
    final ActorSystem<?> system;

    public SystemAware(ActorSystem<?> system) {
      this.system = system;
    }

    @Override
    public boolean isReady(int shard, Address target) {
      return true;
    }
  }

  @Test
  void anEmptyClassNameMeansAlwaysReady() {
    assertThat(ReadinessLoader.load("", testKit.system())).isSameAs(ShardReadiness.ALWAYS_READY);
  }

  @Test
  void instantiatesWithTheNoArgumentConstructor() {
    ShardReadiness readiness = ReadinessLoader.load(EvenShardsReady.class.getName(), testKit.system());

    assertThat(readiness.isReady(2, TARGET)).isTrue();
    assertThat(readiness.isReady(3, TARGET)).isFalse();
  }

  @Test
  void prefersTheConstructorTakingTheActorSystem() {
    ShardReadiness readiness = ReadinessLoader.load(SystemAware.class.getName(), testKit.system());

    assertThat(((SystemAware) readiness).system).isSameAs(testKit.system());
  }

  @Test
  void namesThePathAndTheClassWhenItCannotLoadIt() {
    assertThatThrownBy(() -> ReadinessLoader.load("com.example.Missing", testKit.system()))
        .isInstanceOf(AtollConfigException.class)
        .hasMessageContaining("atoll.sharding.shard-readiness = \"com.example.Missing\": class not found");
    assertThatThrownBy(() -> ReadinessLoader.load(String.class.getName(), testKit.system()))
        .isInstanceOf(AtollConfigException.class)
        .hasMessageContaining("does not implement dev.atoll.sharding.spi.ShardReadiness");
  }
}
