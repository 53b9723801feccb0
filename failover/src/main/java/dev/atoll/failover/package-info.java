/**
 * Primary/backup failover for the embedded journal, as docs/adr/0001 describes: every write of a
 * shard's primary is acknowledged once a write quorum of the shard's replica set stored it, and
 * when a primary crashes a backup becomes primary in a new epoch, after read repair, so that no
 * acknowledged event is lost and a stale primary can get nothing acknowledged. Nothing needs to be
 * called: with this module on the class path the journal replicates (see reference.conf).
 * {@link dev.atoll.failover.Failover} shows what a node serves; {@code GET /atoll/failover} on the
 * management endpoint shows the same to operators.
 */
@NullMarked
package dev.atoll.failover;

import org.jspecify.annotations.NullMarked;
