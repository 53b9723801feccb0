package dev.atoll.journal;

import dev.atoll.journal.internal.Queries;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.NotUsed;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.persistence.query.javadsl.CurrentEventsByPersistenceIdQuery;
import org.apache.pekko.persistence.query.javadsl.CurrentEventsByTagQuery;
import org.apache.pekko.persistence.query.javadsl.CurrentLastSequenceNumberByPersistenceIdQuery;
import org.apache.pekko.persistence.query.javadsl.CurrentPersistenceIdsQuery;
import org.apache.pekko.persistence.query.javadsl.EventsByPersistenceIdQuery;
import org.apache.pekko.persistence.query.javadsl.EventsByTagQuery;
import org.apache.pekko.persistence.query.javadsl.PersistenceIdsQuery;
import org.apache.pekko.persistence.query.javadsl.ReadJournal;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Pekko Persistence Query over the embedded journal of this node. Obtain it with
 * {@code PersistenceQuery.get(system).getReadJournalFor(AtollReadJournal.class,
 * AtollReadJournal.IDENTIFIER)}.
 *
 * <p>Live queries ({@code eventsByPersistenceId}, {@code eventsByTag}, {@code persistenceIds})
 * emit what is stored, then look for new elements every {@code atoll.query.refresh-interval}; the
 * {@code current*} queries emit what is stored when they start and complete. Events carry the
 * offset {@code Sequence(sequenceNr)} in the persistence-id queries and {@code Sequence(n)} in the
 * tag queries, where {@code n} is the tag's own dense counter (1, 2, 3, ... in commit order, with no
 * gaps); {@code eventsByTag(tag, Sequence(n))} returns the events after {@code n}, so a projection
 * resumes from the last offset it processed. {@code NoOffset} starts at the beginning. Deleted
 * events are not returned. The queries see only this node's store.
 *
 * <p>Live {@code persistenceIds()} rescans the stored ids every refresh interval and remembers the
 * ids it has emitted, so its memory grows with the number of persistence ids; prefer
 * {@code currentPersistenceIds()} for one-off listings of very many ids.
 *
 * @since 0.1.0
 */
public final class AtollReadJournal
    implements ReadJournal,
        EventsByPersistenceIdQuery,
        CurrentEventsByPersistenceIdQuery,
        PersistenceIdsQuery,
        CurrentPersistenceIdsQuery,
        EventsByTagQuery,
        CurrentEventsByTagQuery,
        CurrentLastSequenceNumberByPersistenceIdQuery {

  /** The plugin id of the read journal in config: {@code atoll.query}. */
  public static final String IDENTIFIER = "atoll.query";

  private final Queries queries;
  private final Executor executor;

  /** Created by {@link AtollReadJournalProvider}; use {@code PersistenceQuery} to obtain one. */
  AtollReadJournal(Queries queries, Executor executor) {
    this.queries = queries;
    this.executor = executor;
  }

  @Override
  public Source<EventEnvelope, NotUsed> eventsByPersistenceId(
      String persistenceId, long fromSequenceNr, long toSequenceNr) {
    return queries.eventsByPersistenceId(persistenceId, fromSequenceNr, toSequenceNr, true);
  }

  @Override
  public Source<EventEnvelope, NotUsed> currentEventsByPersistenceId(
      String persistenceId, long fromSequenceNr, long toSequenceNr) {
    return queries.eventsByPersistenceId(persistenceId, fromSequenceNr, toSequenceNr, false);
  }

  @Override
  public Source<String, NotUsed> persistenceIds() {
    return queries.persistenceIds(true);
  }

  @Override
  public Source<String, NotUsed> currentPersistenceIds() {
    return queries.persistenceIds(false);
  }

  @Override
  public Source<EventEnvelope, NotUsed> eventsByTag(String tag, Offset offset) {
    return queries.eventsByTag(tag, offset, true);
  }

  @Override
  public Source<EventEnvelope, NotUsed> currentEventsByTag(String tag, Offset offset) {
    return queries.eventsByTag(tag, offset, false);
  }

  /** The highest sequence number ever stored for the id (kept after deletes), empty if none. */
  @Override
  public CompletionStage<Optional<Long>> currentLastSequenceNumberByPersistenceId(
      String persistenceId) {
    return CompletableFuture.supplyAsync(
        () -> {
          long highest = queries.highestSequenceNr(persistenceId);
          return highest == 0 ? Optional.<Long>empty() : Optional.of(highest);
        },
        executor);
  }
}
