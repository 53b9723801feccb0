/**
 * Atoll's benchmarks: JMH micro-benchmarks and side-by-side runs against raw Pekko, grouped in
 * sub-packages by the module they measure. Results and the commands that produce them are in
 * {@code benchmarks/RESULTS.md}.
 */
@NullMarked
package dev.atoll.benchmarks;

import org.jspecify.annotations.NullMarked;
