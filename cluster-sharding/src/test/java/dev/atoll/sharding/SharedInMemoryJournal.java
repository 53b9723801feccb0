package dev.atoll.sharding;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.dispatch.Futures;
import org.apache.pekko.persistence.AtomicWrite;
import org.apache.pekko.persistence.PersistentRepr;
import org.apache.pekko.persistence.journal.japi.AsyncWriteJournal;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import scala.concurrent.Future;
import scala.jdk.javaapi.CollectionConverters;

/**
 * TEST FIXTURE, not a journal to run anything on: a Pekko journal plugin whose storage is a static
 * map, so that several ActorSystems in one test JVM share it and an entity that moves from one
 * system to another recovers the events it persisted on the first. Pekko's own in-memory journal
 * keeps its events per ActorSystem, which cannot show that.
 *
 * <p>Payloads are stored serialized (with the writing system's serializer, CBOR for Atoll's
 * events) and deserialized by the reading system, as a real journal would. Nothing is durable.
 * Configure with {@link #CONFIG}; call {@link #clear()} between tests.
 */
public final class SharedInMemoryJournal extends AsyncWriteJournal {

  /** Plugin id of this journal. */
  public static final String PLUGIN_ID = "atoll.test.shared-inmem-journal";

  /** HOCON that makes this journal the default journal plugin. */
  public static final String CONFIG =
      "pekko.persistence.journal.plugin = \""
          + PLUGIN_ID
          + "\"\n"
          + PLUGIN_ID
          + ".class = \""
          + SharedInMemoryJournal.class.getName()
          + "\"\n";

  /** One stored event: its envelope without payload or sender, and the serialized payload. */
  private record Stored(PersistentRepr envelope, byte[] bytes, int serializerId, String manifest) {}

  private static final Map<String, List<Stored>> EVENTS = new ConcurrentHashMap<>();
  private static final Map<String, Long> DELETED_TO = new ConcurrentHashMap<>();

  private final Serialization serialization = SerializationExtension.get(context().system());

  /** Forgets every event of every persistence id. */
  public static void clear() {
    EVENTS.clear();
    DELETED_TO.clear();
  }

  /** How many events {@code persistenceId} has stored (deleted ones included). */
  public static int eventCount(String persistenceId) {
    List<Stored> events = EVENTS.get(persistenceId);
    if (events == null) {
      return 0;
    }
    synchronized (events) {
      return events.size();
    }
  }

  @Override
  public Future<Iterable<Optional<Exception>>> doAsyncWriteMessages(Iterable<AtomicWrite> writes) {
    List<Optional<Exception>> results = new ArrayList<>();
    for (AtomicWrite write : writes) {
      try {
        List<Stored> batch = new ArrayList<>();
        for (PersistentRepr repr : CollectionConverters.asJava(write.payload())) {
          Object payload = repr.payload();
          Serializer serializer = serialization.findSerializerFor(payload);
          PersistentRepr envelope =
              repr.update(repr.sequenceNr(), repr.persistenceId(), repr.deleted(), ActorRef.noSender(), repr.writerUuid())
                  .withPayload("");
          batch.add(
              new Stored(envelope, serializer.toBinary(payload), serializer.identifier(), Serializers.manifestFor(serializer, payload)));
        }
        List<Stored> events = EVENTS.computeIfAbsent(write.persistenceId(), id -> new ArrayList<>());
        synchronized (events) {
          events.addAll(batch);
        }
        results.add(Optional.empty());
      } catch (RuntimeException e) {
        results.add(Optional.of(e));
      }
    }
    return Futures.successful(results);
  }

  @Override
  public Future<Void> doAsyncDeleteMessagesTo(String persistenceId, long toSequenceNr) {
    DELETED_TO.merge(persistenceId, toSequenceNr, Math::max);
    return Futures.successful(null);
  }

  @Override
  public Future<Void> doAsyncReplayMessages(
      String persistenceId, long fromSequenceNr, long toSequenceNr, long max, Consumer<PersistentRepr> replay) {
    long deletedTo = DELETED_TO.getOrDefault(persistenceId, 0L);
    long replayed = 0;
    for (Stored stored : snapshotOf(persistenceId)) {
      long seqNr = stored.envelope().sequenceNr();
      if (replayed < max && seqNr >= fromSequenceNr && seqNr <= toSequenceNr && seqNr > deletedTo) {
        Object payload = serialization.deserialize(stored.bytes(), stored.serializerId(), stored.manifest()).get();
        replay.accept(stored.envelope().withPayload(payload));
        replayed++;
      }
    }
    return Futures.successful(null);
  }

  @Override
  public Future<Long> doAsyncReadHighestSequenceNr(String persistenceId, long fromSequenceNr) {
    long highest = 0;
    for (Stored stored : snapshotOf(persistenceId)) {
      highest = Math.max(highest, stored.envelope().sequenceNr());
    }
    return Futures.successful(highest);
  }

  private static List<Stored> snapshotOf(String persistenceId) {
    List<Stored> events = EVENTS.get(persistenceId);
    if (events == null) {
      return List.of();
    }
    synchronized (events) {
      return new ArrayList<>(events);
    }
  }
}
