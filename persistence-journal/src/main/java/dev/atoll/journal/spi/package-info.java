/**
 * What plugin authors implement to extend the journal: the
 * {@link dev.atoll.journal.spi.Replicator} that copies each write to other nodes (the failover
 * module's replication), and the values it receives.
 */
@NullMarked
package dev.atoll.journal.spi;

import org.jspecify.annotations.NullMarked;
