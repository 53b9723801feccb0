/**
 * Internal to the failover module: the protocol core (pure state machines checked by the simulation)
 * and the runtime that carries it (replica endpoint, shard primaries, promotions, catch-up). Free to
 * change; other modules must not use it.
 */
@NullMarked
package dev.atoll.failover.internal;

import org.jspecify.annotations.NullMarked;
