package dev.atoll.failover;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.atoll.failover.internal.FailoverExtension;
import dev.atoll.journal.spi.Epoch;
import dev.atoll.journal.spi.ReplicationBatch;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.Test;

/** The failover module on the class path of a plain, non-cluster ActorSystem leaves the journal local-only. */
class LocalSystemTest {

  @Test
  void aNonClusterActorSystemStartsWithFailoverInactive() {
    ActorTestKit kit = ActorTestKit.create(ConfigFactory.parseString("pekko.actor.provider = local"));
    try {
      FailoverExtension failover = FailoverExtension.get(kit.system());
      assertThat(failover.endpoint()).isEmpty();
      assertThat(failover.replicator().epochFor(3)).isEqualTo(Epoch.NONE);
      assertThat(failover.replicator().awaitRecoverable(3).toCompletableFuture()).isCompleted();
      assertThat(failover.replicator().replicate(new ReplicationBatch(List.of())).toCompletableFuture()).isCompleted();
      assertThat(Failover.get(kit.system()).primaryShards()).isEmpty();
    } finally {
      kit.shutdownTestKit();
    }
  }
}
