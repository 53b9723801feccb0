package dev.atoll.failover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atoll.framework.AtollNode;
import dev.atoll.journal.AtollJournalStorage;
import dev.atoll.sharding.Entities;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three nodes (ActorSystems) in this JVM with the embedded journal and the failover module: writes
 * are replicated to the shards' backups, and when the primary of some shards crashes (its system
 * stops without leaving), those shards resume on a backup with every acknowledged event.
 */
@ExtendWith(LogCapturingExtension.class)
class FailoverClusterTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final Duration ASK = Duration.ofSeconds(10);

  // terminate() then stops a node like a crash: no graceful leave.
  @RegisterExtension
  final LedgerNodes nodes = new LedgerNodes("pekko.coordinated-shutdown.run-by-actor-system-terminate = off\n");

  @Test
  void everyAcknowledgedEventSurvivesTheCrashOfItsShardsPrimary() {
    AtollNode first = nodes.start("a");
    AtollNode second = nodes.start("b");
    AtollNode third = nodes.start("c");
    nodes.formCluster(TIMEOUT);

    Map<String, List<String>> acknowledged = new LinkedHashMap<>();
    for (int round = 1; round <= 2; round++) {
      List<CompletableFuture<Void>> appends = new ArrayList<>();
      for (int entity = 0; entity < 24; entity++) {
        String id = "e" + entity;
        String value = id + "-v" + round;
        appends.add(append(first, id, value).thenAccept(values -> {
          synchronized (acknowledged) {
            acknowledged.computeIfAbsent(id, k -> new ArrayList<>()).add(value);
          }
        }));
      }
      CompletableFuture.allOf(appends.toArray(CompletableFuture[]::new)).join();
    }

    // Replicated: every acknowledged event is stored on a write quorum (2 of 3) of the nodes.
    for (String id : acknowledged.keySet()) {
      long copies = nodes.all().stream().filter(node -> AtollJournalStorage.get(node.system()).tip(Ledger.TYPE_NAME + "|" + id).sequenceNr() >= 2).count();
      assertThat(copies).as("copies of %s's two events", id).isGreaterThanOrEqualTo(2);
    }

    List<Integer> victimShards = Failover.get(third.system()).primaryShards().stream()
        .filter(status -> status.state().equals("established")).map(ShardStatus::shard).toList();
    List<String> affected = acknowledged.keySet().stream()
        .filter(id -> victimShards.contains(Entities.get(first.system()).shardOf(id))).toList();
    assertThat(affected).as("entities whose primary is the victim").isNotEmpty();

    third.system().terminate();
    third.whenTerminated().toCompletableFuture().join();
    nodes.forget(third);

    TestProbe<Object> waiter = TestProbe.create(first.system());
    waiter.awaitAssert(TIMEOUT, Duration.ofMillis(500), () -> {
      for (String id : acknowledged.keySet()) {
        List<String> values = read(second, id);
        assertThat(values).as("values of %s after the crash", id).containsExactlyElementsOf(acknowledged.get(id));
      }
      return null;
    });

    // The affected entities accept writes again, on their new primary.
    for (String id : affected) {
      assertThat(append(second, id, id + "-v3").join()).endsWith(id + "-v3").hasSize(3);
    }
  }

  private static CompletableFuture<List<String>> append(AtollNode node, String id, String value) {
    EntityRef<Ledger.Command> ref = Entities.get(node.system()).entityRefFor(Ledger.TYPE_NAME, id);
    return ref.<Ledger.Values>ask(replyTo -> new Ledger.Append(value, replyTo), ASK)
        .thenApply(Ledger.Values::values).toCompletableFuture();
  }

  private static List<String> read(AtollNode node, String id) {
    EntityRef<Ledger.Command> ref = Entities.get(node.system()).entityRefFor(Ledger.TYPE_NAME, id);
    return ref.<Ledger.Values>ask(Ledger.Read::new, Duration.ofSeconds(3)).toCompletableFuture().join().values();
  }
}
