package dev.atoll.journal.internal;

import dev.atoll.journal.spi.Epoch;
import dev.atoll.journal.spi.JournalEvent;
import org.jspecify.annotations.Nullable;

/**
 * An event as decoded from the store, with what the store keeps beside it: the epoch that wrote it
 * and its offset in each of its tags' indexes ({@code tagOffsets[i]} for {@code event.tags()[i]};
 * null for events stored before the store recorded them).
 */
record StoredEvent(JournalEvent event, Epoch epoch, long @Nullable [] tagOffsets) {

  /** Whether the tag index entry {@code (tag, offset)} was made for this event. */
  boolean isIndexedAt(String tag, long offset) {
    if (tagOffsets == null) {
      return event.tags().contains(tag); // stored before offsets were recorded: trust the index
    }
    for (int i = 0; i < tagOffsets.length; i++) {
      if (tagOffsets[i] == offset && event.tags().get(i).equals(tag)) {
        return true;
      }
    }
    return false;
  }
}
