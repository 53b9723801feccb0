package dev.atoll.journal.internal;

import dev.atoll.journal.spi.Epoch;
import dev.atoll.journal.spi.LogTip;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.WriteBatch;

/**
 * A {@code writeTails} call on the writer thread: for each persistence id, drop the stored events
 * after the plan's afterSequenceNr (with their tag-index entries), store the plan's events, and
 * set the tip, all in one batch with the rest of the call.
 *
 * <p>The common case, a write right after the current tip (a backup receiving the next events),
 * reads nothing but the writer state. Only a write that replaces stored events reads them, after
 * the writer has committed everything queued before it. Stored events that are byte-for-byte the
 * ones being written (same event, same epoch) are kept rather than deleted and rewritten, so a
 * retried write changes nothing, not even the events' tag offsets.
 */
final class TailWriteMutation implements Mutation {

  private final Supplier<Store> store;
  private final List<Planned> plans;

  /** The open database, read when the mutation runs: the store may have been reopened since it was submitted. */
  record Store(RocksDB db, Columns columns, StoreWrites writes) {}

  /** A plan with its shard and encoded events. */
  record Planned(TailPlan plan, int shard, List<EncodedEvent> events) {}

  TailWriteMutation(Supplier<Store> store, List<Planned> plans) {
    this.store = store;
    this.plans = plans;
  }

  @Override
  public boolean readsStore(WriterState state) throws RocksDBException {
    for (Planned planned : plans) {
      TailPlan plan = planned.plan();
      if (plan.afterSequenceNr() < state.highestSequenceNr(plan.persistenceId())) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void addTo(WriteBatch batch, WriterState state) throws RocksDBException {
    List<LogTip> tips = new ArrayList<>(plans.size());
    for (Planned planned : plans) {
      TailPlan plan = planned.plan();
      LogTip tip = state.tip(plan.persistenceId());
      if (plan.requiredHighest() > tip.sequenceNr()) {
        throw new Rejected(
            new IllegalArgumentException(
                "TailWrite of " + plan.persistenceId() + " after sequence number "
                    + plan.requiredHighest() + " leaves a gap: the highest stored sequence number"
                    + " is " + tip.sequenceNr() + "; nothing of this writeTails call was stored"));
      }
      tips.add(tip);
    }
    Store current = store.get(); // one store for the whole mutation: it runs on the writer thread
    for (int i = 0; i < plans.size(); i++) {
      apply(batch, state, current, plans.get(i), tips.get(i));
    }
  }

  private void apply(WriteBatch batch, WriterState state, Store current, Planned planned, LogTip tip)
      throws RocksDBException {
    TailPlan plan = planned.plan();
    List<EncodedEvent> incoming = planned.events();
    int kept = 0;
    if (plan.afterSequenceNr() < tip.sequenceNr()) {
      List<StoredValue> stored = storedAfter(current, planned);
      while (kept < incoming.size()
          && kept < stored.size()
          && isSame(stored.get(kept), incoming.get(kept))) {
        kept++;
      }
      for (StoredValue replaced : stored.subList(kept, stored.size())) {
        current.writes().deleteEvent(
            batch,
            planned.shard(),
            RecordCodec.decodeStored(plan.persistenceId(), replaced.sequenceNr(), replaced.value()));
      }
    }
    for (EncodedEvent event : incoming.subList(kept, incoming.size())) {
      current.writes().putEvent(batch, state, event);
    }
    LogTip next = nextTip(current, planned, tip);
    if (!next.equals(tip)) {
      current.writes().putTip(batch, state, planned.shard(), plan.persistenceId(), next);
    }
  }

  private static boolean isSame(StoredValue stored, EncodedEvent incoming) {
    return stored.sequenceNr() == incoming.sequenceNr()
        && RecordCodec.sameEvent(stored.value(), incoming.value(), incoming.tags().size());
  }

  private record StoredValue(long sequenceNr, byte[] value) {}

  /** The stored events of the plan's persistence id after its afterSequenceNr, ascending. */
  private List<StoredValue> storedAfter(Store current, Planned planned) throws RocksDBException {
    String persistenceId = planned.plan().persistenceId();
    int shard = planned.shard();
    List<StoredValue> found = new ArrayList<>();
    try (Slice bound = new Slice(Keys.eventPrefixSuccessor(shard, persistenceId));
        ReadOptions options = new ReadOptions().setIterateUpperBound(bound);
        RocksIterator it = current.db().newIterator(current.columns().events, options)) {
      for (it.seek(Keys.eventKey(shard, persistenceId, planned.plan().afterSequenceNr() + 1));
          it.isValid();
          it.next()) {
        found.add(new StoredValue(Keys.sequenceNrOfEventKey(it.key()), it.value()));
      }
      it.status();
    }
    return found;
  }

  /**
   * The last event written, or for a pure truncation the event it stops at: its epoch is the
   * stored event's, or NONE if there is none (sequence number 0, or an event already deleted by
   * deleteEventsTo).
   */
  private LogTip nextTip(Store current, Planned planned, LogTip tip) throws RocksDBException {
    List<EncodedEvent> incoming = planned.events();
    if (!incoming.isEmpty()) {
      EncodedEvent last = incoming.get(incoming.size() - 1);
      return new LogTip(last.sequenceNr(), last.epoch());
    }
    long after = planned.plan().afterSequenceNr();
    if (after == tip.sequenceNr()) {
      return tip;
    }
    if (after == 0) {
      return LogTip.EMPTY;
    }
    String persistenceId = planned.plan().persistenceId();
    byte[] value = current.db().get(current.columns().events, Keys.eventKey(planned.shard(), persistenceId, after));
    Epoch epoch =
        value == null ? Epoch.NONE : RecordCodec.decodeEpoch(persistenceId, after, value);
    return new LogTip(after, epoch);
  }
}
