/**
 * Internals of Atoll's sharding (config reading, the cluster membership view the allocation
 * strategy decides on, the message extractor, plugin loading). Free to change between versions;
 * no other module may import this package.
 */
@NullMarked
package dev.atoll.sharding.internal;

import org.jspecify.annotations.NullMarked;
