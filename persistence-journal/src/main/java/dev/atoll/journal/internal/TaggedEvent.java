package dev.atoll.journal.internal;

import dev.atoll.journal.spi.JournalEvent;

/**
 * An event found through the tag index: its position in the tag's own sequence ({@code tagOffset},
 * 1, 2, 3, ... in the order the events were committed) and the event.
 */
public record TaggedEvent(long tagOffset, JournalEvent event) {}
