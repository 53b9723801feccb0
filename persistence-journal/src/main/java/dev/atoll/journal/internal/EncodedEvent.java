package dev.atoll.journal.internal;

import dev.atoll.journal.spi.Epoch;
import dev.atoll.journal.spi.ReplicatedEvent;
import java.util.List;

/**
 * An event ready for the writer thread: key and value encoded on the caller's thread, so the one
 * serial step of every write only assigns tag offsets and copies bytes into the batch. The value's
 * tag offsets are filled in by the writer ({@link StoreWrites#putEvent}); until then the value
 * belongs to the request that carries it.
 */
record EncodedEvent(
    String persistenceId,
    int shard,
    long sequenceNr,
    Epoch epoch,
    List<String> tags,
    byte[] key,
    byte[] value) {

  static EncodedEvent of(ReplicatedEvent event, int shard) {
    String persistenceId = event.persistenceId();
    long sequenceNr = event.sequenceNr();
    return new EncodedEvent(
        persistenceId,
        shard,
        sequenceNr,
        event.epoch(),
        event.event().tags(),
        Keys.eventKey(shard, persistenceId, sequenceNr),
        RecordCodec.encodeEvent(event.event(), event.epoch()));
  }
}
