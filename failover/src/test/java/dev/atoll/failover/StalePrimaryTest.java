package dev.atoll.failover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atoll.failover.internal.FailoverExtension;
import dev.atoll.failover.internal.Wire;
import dev.atoll.framework.AtollNode;
import dev.atoll.journal.spi.Epoch;
import dev.atoll.sharding.Entities;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A primary whose backup promised a newer epoch to another node, while no write of the shard
 * reaches it any more (the shard's messages go to the new primary), learns of it from its own
 * anti-entropy and stops serving, instead of staying established and under-replicated for ever.
 * ChaosIT's harness found such a primary: its promotion had won its quorum just before the
 * replicas promised the newer epoch, so neither a refusal nor the deposition reached it.
 */
@ExtendWith(LogCapturingExtension.class)
class StalePrimaryTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @RegisterExtension final LedgerNodes nodes = new LedgerNodes("atoll.failover.anti-entropy-interval = 100ms\n");

  @Test
  void aPrimaryWhoseBackupPromisedANewerEpochStopsServing() {
    AtollNode primaryNode = nodes.start("a");
    AtollNode backupNode = nodes.start("b");
    nodes.formCluster(TIMEOUT);
    for (int entity = 0; entity < 32; entity++) {
      String id = "e" + entity;
      Entities.get(primaryNode.system()).entityRefFor(Ledger.TYPE_NAME, id)
          .<Ledger.Values>ask(replyTo -> new Ledger.Append(id + "-v1", replyTo), TIMEOUT).toCompletableFuture().join();
    }
    TestProbe<Object> waiter = TestProbe.create(primaryNode.system());
    ShardStatus served = waiter.awaitAssert(TIMEOUT, Duration.ofMillis(100), () -> {
      Optional<ShardStatus> found = Failover.get(primaryNode.system()).primaryShards().stream()
          .filter(status -> status.state().equals("established") && status.completeBackups() == 1)
          .findFirst();
      assertThat(found).as("a shard led by the first node with its backup complete").isPresent();
      return found.get();
    });

    // The backup promises a newer epoch led by itself, as a promotion on the backup's node would.
    String backup = FailoverExtension.get(backupNode.system()).self();
    String primary = FailoverExtension.get(primaryNode.system()).self();
    ShardConfig newer = new ShardConfig(new Epoch(served.epoch().counter() + 1, backup), backup, List.of(backup, primary));
    TestProbe<Wire.PrepareReply> replies = TestProbe.create(backupNode.system());
    FailoverExtension.get(backupNode.system()).endpoint().orElseThrow().tell(new Wire.Prepare(served.shard(), newer, replies.getRef()));
    assertThat(replies.expectMessageClass(Wire.PrepareReply.class, TIMEOUT).promised()).isTrue();

    waiter.awaitAssert(TIMEOUT, Duration.ofMillis(100), () -> {
      assertThat(Failover.get(primaryNode.system()).primaryShards()).as("shards the first node serves")
          .noneMatch(status -> status.shard() == served.shard() && status.epoch().equals(served.epoch()));
      return null;
    });
  }
}
