/**
 * The Atoll node runtime: {@link dev.atoll.framework.AtollNode} starts a node, {@link dev.atoll.framework.AtollSettings}
 * validates its configuration, {@link dev.atoll.framework.ClusterView} reports membership, and
 * {@link dev.atoll.framework.HashRing} and {@link dev.atoll.framework.ShardFunction} decide placement.
 */
@NullMarked
package dev.atoll.framework;

import org.jspecify.annotations.NullMarked;
