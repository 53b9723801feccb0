package dev.atoll.failover.internal;

import dev.atoll.journal.spi.Epoch;

/**
 * One event of a persistence id as a replica stores it, with the epoch whose primary wrote it.
 * Copies keep the original epoch, so {@code (sequenceNr, epoch)} identifies an entry: only the
 * primary of an epoch creates entries of that epoch, and it never creates two for one sequence
 * number.
 */
public record LogEntry<E>(long sequenceNr, Epoch epoch, E event) {}
