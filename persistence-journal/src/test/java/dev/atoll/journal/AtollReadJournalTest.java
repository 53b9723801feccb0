package dev.atoll.journal;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.NoOffset;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.query.Sequence;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The read journal's six queries over events written by real entities. */
@ExtendWith(LogCapturingExtension.class)
class AtollReadJournalTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private static Path directory;
  private static ActorTestKit testKit;
  private static AtollReadJournal queries;
  private static TestProbe<String> acks;

  @BeforeAll
  static void start() {
    directory = TestDirectories.fresh("query");
    testKit =
        ActorTestKit.create(
            "query", TestConfigs.journalIn(directory).withFallback(ConfigFactory.load()));
    queries =
        PersistenceQuery.get(testKit.system())
            .getReadJournalFor(AtollReadJournal.class, AtollReadJournal.IDENTIFIER);
    acks = testKit.createTestProbe();
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
    TestDirectories.delete(directory);
  }

  private static void write(String persistenceId, String... events) {
    ActorRef<TestEntity.Command> entity = testKit.spawn(TestEntity.create(persistenceId));
    for (String event : events) {
      entity.tell(new TestEntity.Append(event, acks.ref()));
      acks.expectMessage(TIMEOUT, "ok:" + event);
    }
    testKit.stop(entity);
  }

  private static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  @Test
  void currentEventsByPersistenceIdReturnsTheStoredRangeAndCompletes() throws Exception {
    write("Doc|1", "a1", "a2", "a3", "a4");

    List<EventEnvelope> all =
        await(queries.currentEventsByPersistenceId("Doc|1", 0, Long.MAX_VALUE)
            .runWith(Sink.seq(), testKit.system()));
    List<EventEnvelope> middle =
        await(queries.currentEventsByPersistenceId("Doc|1", 2, 3).runWith(Sink.seq(), testKit.system()));

    assertThat(all).extracting(EventEnvelope::event).containsExactly("a1", "a2", "a3", "a4");
    assertThat(all).extracting(EventEnvelope::offset)
        .containsExactly(new Sequence(1), new Sequence(2), new Sequence(3), new Sequence(4));
    assertThat(middle).extracting(EventEnvelope::sequenceNr).containsExactly(2L, 3L);
  }

  @Test
  void eventsByPersistenceIdKeepsEmittingEventsWrittenAfterItStarted() throws Exception {
    write("Doc|2", "b1");
    CompletionStage<List<EventEnvelope>> live =
        queries.eventsByPersistenceId("Doc|2", 0, Long.MAX_VALUE).take(3)
            .runWith(Sink.seq(), testKit.system());

    write("Doc|2", "b2", "b3");

    assertThat(await(live)).extracting(EventEnvelope::event).containsExactly("b1", "b2", "b3");
  }

  @Test
  void eventsByPersistenceIdCompletesAtTheRequestedUpperBound() throws Exception {
    write("Doc|3", "c1", "c2", "c3");

    List<EventEnvelope> bounded =
        await(queries.eventsByPersistenceId("Doc|3", 1, 2).runWith(Sink.seq(), testKit.system()));

    assertThat(bounded).extracting(EventEnvelope::event).containsExactly("c1", "c2");
  }

  @Test
  void currentEventsByTagResumesAfterTheGivenSequenceOffset() throws Exception {
    write("Tagged|1", "x1", "y1");
    write("Tagged|2", "x2");

    List<EventEnvelope> all =
        await(queries.currentEventsByTag("tag-x", NoOffset.getInstance())
            .runWith(Sink.seq(), testKit.system()));
    List<EventEnvelope> afterFirst =
        await(queries.currentEventsByTag("tag-x", new Sequence(1)).runWith(Sink.seq(), testKit.system()));

    assertThat(all).extracting(EventEnvelope::event).containsExactly("x1", "x2");
    assertThat(all).extracting(EventEnvelope::offset).containsExactly(new Sequence(1), new Sequence(2));
    assertThat(afterFirst).extracting(EventEnvelope::event).containsExactly("x2");
  }

  @Test
  void eventsByTagDeliversNewlyTaggedEventsInOffsetOrder() throws Exception {
    write("Live|1", "z1");
    CompletionStage<List<EventEnvelope>> live =
        queries.eventsByTag("tag-z", new Sequence(0)).take(3).runWith(Sink.seq(), testKit.system());

    write("Live|2", "z2");
    write("Live|1", "z3");

    List<EventEnvelope> found = await(live);
    assertThat(found).extracting(EventEnvelope::event).containsExactly("z1", "z2", "z3");
    assertThat(found).extracting(EventEnvelope::offset)
        .containsExactly(new Sequence(1), new Sequence(2), new Sequence(3));
  }

  @Test
  void persistenceIdQueriesListEveryWrittenIdAndLiveOnesAddNewIds() throws Exception {
    write("Ids|1", "i1");
    write("Ids|2", "i2");

    List<String> current =
        await(queries.currentPersistenceIds().runWith(Sink.seq(), testKit.system()));
    assertThat(current).contains("Ids|1", "Ids|2").doesNotHaveDuplicates();

    CompletionStage<List<String>> live =
        queries.persistenceIds().filter(id -> id.startsWith("Ids|")).take(3)
            .runWith(Sink.seq(), testKit.system());
    write("Ids|0", "i0");

    assertThat(await(live)).containsExactlyInAnyOrder("Ids|0", "Ids|1", "Ids|2");
  }
}
