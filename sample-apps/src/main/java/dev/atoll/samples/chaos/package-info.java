/**
 * The chaos harness's checker, in the style of Jepsen: a {@link dev.atoll.samples.chaos.History}
 * of client operations (invoke, then ok / fail / unknown), the final contents of every surviving
 * replica ({@link dev.atoll.samples.chaos.ReplicaDump}), and {@link
 * dev.atoll.samples.chaos.HistoryChecker}, which gives a verdict per {@link
 * dev.atoll.samples.chaos.Invariant}. The fault injector and the {@code atoll chaos} soak that
 * feed it come with the failover module they exercise.
 */
@NullMarked
package dev.atoll.samples.chaos;

import org.jspecify.annotations.NullMarked;
