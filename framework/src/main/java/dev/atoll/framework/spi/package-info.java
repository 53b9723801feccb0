/**
 * Extension points of the node runtime for plugin authors. Empty so far: node components
 * (shard regions, replica endpoints, routers) are started by their own modules' extensions; an SPI
 * to plug them into the {@link dev.atoll.framework.NodeGuardian} will live here when a second
 * implementation needs it.
 */
@NullMarked
package dev.atoll.framework.spi;

import org.jspecify.annotations.NullMarked;
