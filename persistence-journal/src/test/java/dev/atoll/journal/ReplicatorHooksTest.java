package dev.atoll.journal;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.atoll.journal.internal.PayloadSerializer;
import dev.atoll.journal.spi.Epoch;
import dev.atoll.journal.spi.JournalEvent;
import dev.atoll.journal.spi.ReplicatedEvent;
import dev.atoll.journal.spi.SerializedObject;
import dev.atoll.journal.spi.TailWrite;
import dev.atoll.journal.spi.LogTip;
import dev.atoll.journal.spi.ReplicationBatch;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.LoggingTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.persistence.AtomicWrite;
import org.apache.pekko.persistence.JournalProtocol;
import org.apache.pekko.persistence.Persistence;
import org.apache.pekko.persistence.PersistentRepr;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The journal's use of the Replicator's epoch and recovery hooks, through real event-sourced
 * entities and Pekko's journal protocol.
 */
@ExtendWith(LogCapturingExtension.class)
class ReplicatorHooksTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final Epoch E7 = new Epoch(7, "node-a");

  private Path directory;
  private ActorTestKit testKit;

  @BeforeEach
  void createDirectory() {
    directory = TestDirectories.fresh("hooks");
  }

  @AfterEach
  void shutDown() {
    if (testKit != null) {
      testKit.shutdownTestKit();
    }
    TestDirectories.delete(directory);
  }

  private RecordingReplicator start(String name) {
    Config config =
        ConfigFactory.parseString(
                "atoll.journal.replicator = \"" + RecordingReplicator.class.getName() + "\"")
            .withFallback(TestConfigs.journalIn(directory))
            .withFallback(ConfigFactory.load());
    testKit = ActorTestKit.create(name, config);
    // the journal actor (and its replicator) would start with the first persistent actor; start
    // it now and wait until it has created its replicator
    Persistence.get(Adapter.toClassic(testKit.system())).journalFor("atoll.journal", ConfigFactory.empty());
    return testKit.createTestProbe().awaitAssert(TIMEOUT, () -> RecordingReplicator.of(name));
  }

  private AtollJournalStorage storage() {
    return AtollJournalStorage.get(testKit.system());
  }

  @Test
  void eventsAreStoredAndReplicatedWithTheEpochOfTheirShard() {
    RecordingReplicator replicator = start("hooks-epoch");
    int shard = storage().shardOf("Account|alice");
    replicator.answerEpochs(s -> s == shard ? E7 : Epoch.NONE);
    TestProbe<String> acks = testKit.createTestProbe();
    ActorRef<TestEntity.Command> entity = testKit.spawn(TestEntity.create("Account|alice"));

    entity.tell(new TestEntity.Append("deposit", acks.ref()));
    acks.awaitAssert(TIMEOUT, () -> assertThat(replicator.calls()).hasSize(1));
    replicator.calls().get(0).completion().complete(null);
    acks.expectMessage(TIMEOUT, "ok:deposit");

    ReplicationBatch.PersistenceIdEvents write = replicator.calls().get(0).batch().writes().get(0);
    assertThat(write.epoch()).isEqualTo(E7);
    assertThat(replicator.epochQuestions()).containsExactly(shard);
    assertThat(storage().epochOf("Account|alice", 1)).contains(E7);
    assertThat(storage().tip("Account|alice")).isEqualTo(new LogTip(1, E7));
  }

  /** Says it copies nothing; a write that waited on its replicate() would never be acknowledged. */
  public static final class NonReplicating implements dev.atoll.journal.spi.Replicator {
    static final java.util.concurrent.atomic.AtomicInteger REPLICATE_CALLS =
        new java.util.concurrent.atomic.AtomicInteger();

    public NonReplicating() {}

    @Override
    public java.util.concurrent.CompletionStage<Void> replicate(ReplicationBatch batch) {
      REPLICATE_CALLS.incrementAndGet();
      return new java.util.concurrent.CompletableFuture<>();
    }

    @Override
    public boolean replicates() {
      return false;
    }
  }

  @Test
  void aReplicatorThatReplicatesNothingIsNeverHandedAWriteAndTheLocalWriteIsAcknowledged() {
    Config config =
        ConfigFactory.parseString("atoll.journal.replicator = \"" + NonReplicating.class.getName() + "\"")
            .withFallback(TestConfigs.journalIn(directory))
            .withFallback(ConfigFactory.load());
    testKit = ActorTestKit.create("hooks-non-replicating", config);
    NonReplicating.REPLICATE_CALLS.set(0);
    TestProbe<String> acks = testKit.createTestProbe();
    ActorRef<TestEntity.Command> entity = testKit.spawn(TestEntity.create("Account|dave"));

    entity.tell(new TestEntity.Append("deposit", acks.ref()));

    acks.expectMessage(TIMEOUT, "ok:deposit");
    assertThat(NonReplicating.REPLICATE_CALLS).hasValue(0);
    assertThat(storage().tip("Account|dave")).isEqualTo(new LogTip(1, Epoch.NONE));
  }

  @Test
  void anEpochForThatThrowsFailsThePersistWithThatCauseAndStoresNothing() {
    RecordingReplicator replicator = start("hooks-refused");
    IllegalStateException notPrimary = new IllegalStateException("not the primary of this shard");
    replicator.answerEpochs(
        shard -> {
          throw notPrimary;
        });
    org.apache.pekko.actor.ActorSystem classic = Adapter.toClassic(testKit.system());
    org.apache.pekko.actor.ActorRef journal =
        Persistence.get(classic).journalFor("atoll.journal", ConfigFactory.empty());
    org.apache.pekko.testkit.TestProbe probe = new org.apache.pekko.testkit.TestProbe(classic);

    journal.tell(
        new JournalProtocol.WriteMessages(
            CollectionConverters.asScala(
                    List.<org.apache.pekko.persistence.PersistentEnvelope>of(
                        write("Account|bob", 1), write("Account|carol", 1)))
                .toList(),
            probe.ref(),
            1),
        probe.ref());

    JournalProtocol.WriteMessagesFailed failed =
        probe.expectMsgClass(JournalProtocol.WriteMessagesFailed.class);
    assertThat(failed.cause()).isSameAs(notPrimary);
    JournalProtocol.WriteMessageFailure perEvent =
        probe.expectMsgClass(JournalProtocol.WriteMessageFailure.class);
    assertThat(perEvent.cause()).isSameAs(notPrimary);
    probe.expectMsgClass(JournalProtocol.WriteMessageFailure.class);
    assertThat(storage().highestSequenceNr("Account|bob")).isZero();
    assertThat(storage().highestSequenceNr("Account|carol")).isZero();
    assertThat(replicator.calls()).isEmpty();
  }

  @Test
  void anEntityWhoseEpochIsRefusedStopsWithoutStoringItsEvent() {
    RecordingReplicator replicator = start("hooks-refused-entity");
    replicator.answerEpochs(
        shard -> {
          throw new IllegalStateException("shard " + shard + " is moving");
        });
    TestProbe<String> acks = testKit.createTestProbe();
    ActorRef<TestEntity.Command> entity = testKit.spawn(TestEntity.create("Account|dave"));

    entity.tell(new TestEntity.Append("deposit", acks.ref()));

    acks.expectTerminated(entity, TIMEOUT);
    assertThat(storage().highestSequenceNr("Account|dave")).isZero();
  }

  @Test
  void recoveryWaitsUntilTheShardIsRecoverable() throws Exception {
    RecordingReplicator replicator = start("hooks-recovery");
    // stored as a backup would store it, then recovered by an entity on this node
    storage()
        .writeTails(List.of(TailWrite.of("Account|erin", 0, List.of(stringEvent("Account|erin", 1, "stored")))))
        .toCompletableFuture()
        .join();
    var gate = replicator.holdRecovery(storage().shardOf("Account|erin"));
    TestProbe<List<String>> state = testKit.createTestProbe();
    ActorRef<TestEntity.Command> entity = testKit.spawn(TestEntity.create("Account|erin"));

    entity.tell(new TestEntity.Get(state.ref()));
    state.expectNoMessage(Duration.ofMillis(500));

    gate.complete(null);
    assertThat(state.receiveMessage(TIMEOUT)).containsExactly("stored");
  }

  @Test
  void aShardThatCannotRecoverFailsTheRecoveryWithItsCause() {
    RecordingReplicator replicator = start("hooks-unrecoverable");
    IllegalStateException unavailable = new IllegalStateException("fewer than R replicas reachable");
    replicator.holdRecovery(storage().shardOf("Account|fred")).completeExceptionally(unavailable);
    TestProbe<List<String>> state = testKit.createTestProbe();

    ActorRef<TestEntity.Command> entity =
        LoggingTestKit.custom(event -> causedBy(event.getThrowable(), unavailable))
            .expect(
                testKit.system(),
                () -> {
                  ActorRef<TestEntity.Command> spawned =
                      testKit.spawn(TestEntity.create("Account|fred"));
                  spawned.tell(new TestEntity.Get(state.ref()));
                  return spawned;
                });

    state.expectTerminated(entity, TIMEOUT);
  }

  private static boolean causedBy(Optional<Throwable> logged, Throwable cause) {
    for (Throwable t = logged.orElse(null); t != null; t = t.getCause()) {
      if (t == cause) {
        return true;
      }
    }
    return false;
  }

  private ReplicatedEvent stringEvent(String persistenceId, long sequenceNr, String text)
      throws Exception {
    SerializedObject payload = new PayloadSerializer(Adapter.toClassic(testKit.system())).serialize(text);
    JournalEvent event =
        new JournalEvent(persistenceId, sequenceNr, "writer-1", "", 0, payload, Optional.empty(), List.of());
    return new ReplicatedEvent(event, E7);
  }

  private static AtomicWrite write(String persistenceId, long sequenceNr) {
    return AtomicWrite.apply(
        CollectionConverters.asScala(
                List.of(PersistentRepr.apply("e", sequenceNr, persistenceId, "", false, null, "w1")))
            .toList());
  }
}
