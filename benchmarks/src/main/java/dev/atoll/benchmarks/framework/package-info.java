/** Micro-benchmarks of the framework module's placement code (HashRing, ShardFunction). */
@NullMarked
package dev.atoll.benchmarks.framework;

import org.jspecify.annotations.NullMarked;
