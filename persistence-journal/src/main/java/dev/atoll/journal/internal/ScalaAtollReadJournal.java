package dev.atoll.journal.internal;

import dev.atoll.journal.AtollReadJournal;
import org.apache.pekko.NotUsed;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.persistence.query.scaladsl.CurrentEventsByPersistenceIdQuery;
import org.apache.pekko.persistence.query.scaladsl.CurrentEventsByTagQuery;
import org.apache.pekko.persistence.query.scaladsl.CurrentPersistenceIdsQuery;
import org.apache.pekko.persistence.query.scaladsl.EventsByPersistenceIdQuery;
import org.apache.pekko.persistence.query.scaladsl.EventsByTagQuery;
import org.apache.pekko.persistence.query.scaladsl.PersistenceIdsQuery;
import org.apache.pekko.persistence.query.scaladsl.ReadJournal;
import org.apache.pekko.stream.scaladsl.Source;

/**
 * The Scala DSL face of {@link AtollReadJournal} for Scala users of PersistenceQuery; every method
 * delegates to the Java one.
 */
public final class ScalaAtollReadJournal
    implements ReadJournal,
        EventsByPersistenceIdQuery,
        CurrentEventsByPersistenceIdQuery,
        PersistenceIdsQuery,
        CurrentPersistenceIdsQuery,
        EventsByTagQuery,
        CurrentEventsByTagQuery {

  private final AtollReadJournal delegate;

  public ScalaAtollReadJournal(AtollReadJournal delegate) {
    this.delegate = delegate;
  }

  @Override
  public Source<EventEnvelope, NotUsed> eventsByPersistenceId(String id, long from, long to) {
    return delegate.eventsByPersistenceId(id, from, to).asScala();
  }

  @Override
  public Source<EventEnvelope, NotUsed> currentEventsByPersistenceId(String id, long from, long to) {
    return delegate.currentEventsByPersistenceId(id, from, to).asScala();
  }

  @Override
  public Source<String, NotUsed> persistenceIds() {
    return delegate.persistenceIds().asScala();
  }

  @Override
  public Source<String, NotUsed> currentPersistenceIds() {
    return delegate.currentPersistenceIds().asScala();
  }

  @Override
  public Source<EventEnvelope, NotUsed> eventsByTag(String tag, Offset offset) {
    return delegate.eventsByTag(tag, offset).asScala();
  }

  @Override
  public Source<EventEnvelope, NotUsed> currentEventsByTag(String tag, Offset offset) {
    return delegate.currentEventsByTag(tag, offset).asScala();
  }
}
