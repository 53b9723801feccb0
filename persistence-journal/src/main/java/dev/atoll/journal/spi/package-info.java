/**
 * What plugin authors implement to extend the journal: the
 * {@link dev.atoll.journal.spi.Replicator} that copies each write to other nodes (the failover
 * module's replication) and its {@link dev.atoll.journal.spi.ReplicatorProvider}, and the values
 * that cross between the journal and replication: events with the epoch that wrote them, log tips
 * and tail writes.
 */
@NullMarked
package dev.atoll.journal.spi;

import org.jspecify.annotations.NullMarked;
