/**
 * Internal to the failover module: the protocol core. Free to change; other modules must not use it.
 */
@NullMarked
package dev.atoll.failover.internal;

import org.jspecify.annotations.NullMarked;
