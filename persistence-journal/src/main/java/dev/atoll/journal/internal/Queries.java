package dev.atoll.journal.internal;

import dev.atoll.journal.spi.JournalEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.NoOffset;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.persistence.query.Sequence;
import org.apache.pekko.stream.javadsl.Source;
import scala.Option;

/**
 * The read journal's queries over a {@link LogStore}, as {@link PollingSource}s. Offsets: events
 * of a persistence id carry {@code Sequence(sequenceNr)}; events of a tag carry
 * {@code Sequence(tagOffset)}, the tag's own dense counter, and a query from {@code Sequence(n)}
 * returns the events after {@code n} (exclusive), so a consumer resumes from the last offset it
 * processed.
 */
public final class Queries {

  private final LogStore store;
  private final Events events;
  private final ActorSystem system;
  private final Executor executor;
  private final Duration refreshInterval;
  private final int batchSize;

  public Queries(
      LogStore store,
      Events events,
      ActorSystem system,
      Executor executor,
      Duration refreshInterval,
      int batchSize) {
    this.store = store;
    this.events = events;
    this.system = system;
    this.executor = executor;
    this.refreshInterval = refreshInterval;
    this.batchSize = batchSize;
  }

  /** Cursor of an events-by-persistence-id query; {@code upTo} < 0 until fixed by the first read. */
  private record IdCursor(long next, long upTo) {}

  public Source<EventEnvelope, NotUsed> eventsByPersistenceId(
      String persistenceId, long fromSequenceNr, long toSequenceNr, boolean live) {
    IdCursor initial = new IdCursor(Math.max(1, fromSequenceNr), live ? toSequenceNr : -1);
    return PollingSource.of(
        initial,
        cursor -> {
          long upTo =
              cursor.upTo() >= 0
                  ? cursor.upTo()
                  : Math.min(toSequenceNr, store.highestSequenceNr(persistenceId));
          List<EventEnvelope> page = new ArrayList<>();
          long[] last = {cursor.next() - 1};
          store.replay(
              persistenceId,
              cursor.next(),
              upTo,
              batchSize,
              event -> {
                page.add(envelope(new Sequence(event.sequenceNr()), event));
                last[0] = event.sequenceNr();
              });
          boolean caughtUp = page.size() < batchSize;
          boolean finished = last[0] >= upTo || (!live && caughtUp);
          return new PollingSource.Page<>(new IdCursor(last[0] + 1, upTo), page, caughtUp, finished);
        },
        live,
        refreshInterval,
        system,
        executor);
  }

  /** Cursor of an events-by-tag query; {@code upTo} < 0 until fixed by the first read. */
  private record TagCursor(long after, long upTo) {}

  public Source<EventEnvelope, NotUsed> eventsByTag(String tag, Offset offset, boolean live) {
    TagCursor initial = new TagCursor(startAfter(offset), live ? Long.MAX_VALUE : -1);
    return PollingSource.of(
        initial,
        cursor -> {
          long upTo = cursor.upTo() >= 0 ? cursor.upTo() : store.tagHead(tag);
          List<TaggedEvent> found = store.eventsByTag(tag, cursor.after(), upTo, batchSize);
          List<EventEnvelope> page = new ArrayList<>(found.size());
          long after = cursor.after();
          for (TaggedEvent tagged : found) {
            page.add(envelope(new Sequence(tagged.tagOffset()), tagged.event()));
            after = tagged.tagOffset();
          }
          // The store skips deleted events but keeps scanning, so a short page means the end.
          boolean caughtUp = found.size() < batchSize;
          return new PollingSource.Page<>(new TagCursor(after, upTo), page, caughtUp, false);
        },
        live,
        refreshInterval,
        system,
        executor);
  }

  /** Cursor of a persistence-ids query: where the scan is, and (live only) what was emitted. */
  private record IdsCursor(String after, Set<String> seen) {}

  public Source<String, NotUsed> persistenceIds(boolean live) {
    return PollingSource.of(
        new IdsCursor("", new HashSet<>()),
        cursor -> {
          List<String> ids = store.persistenceIds(cursor.after(), batchSize);
          boolean endOfScan = ids.size() < batchSize;
          List<String> fresh = new ArrayList<>(ids.size());
          for (String id : ids) {
            if (!live || cursor.seen().add(id)) {
              fresh.add(id);
            }
          }
          // A live query starts a new scan after each complete one: new ids may sort anywhere.
          String next = endOfScan ? "" : ids.get(ids.size() - 1);
          return new PollingSource.Page<>(
              new IdsCursor(next, cursor.seen()), fresh, endOfScan, false);
        },
        live,
        refreshInterval,
        system,
        executor);
  }

  public long highestSequenceNr(String persistenceId) {
    return store.highestSequenceNr(persistenceId);
  }

  private EventEnvelope envelope(Offset offset, JournalEvent event) {
    return new EventEnvelope(
        offset,
        event.persistenceId(),
        event.sequenceNr(),
        events.payloadOf(event),
        event.timestamp(),
        Option.apply(events.metadataOf(event).orElse(null)));
  }

  private static long startAfter(Offset offset) {
    if (offset instanceof Sequence sequence) {
      return Math.max(0, sequence.value());
    }
    if (offset == NoOffset.getInstance()) {
      return 0;
    }
    throw new IllegalArgumentException(
        "Atoll's eventsByTag takes a Sequence offset (or NoOffset), not " + offset);
  }
}
