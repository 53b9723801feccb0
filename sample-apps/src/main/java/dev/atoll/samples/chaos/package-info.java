/**
 * The chaos harness behind {@code bin/atoll chaos}: a local cluster of ledger node JVMs ({@link
 * dev.atoll.samples.chaos.LedgerCluster}, {@link dev.atoll.samples.chaos.NodeProcess}), clients that
 * record a {@link dev.atoll.samples.chaos.History} of operations (invoke, then ok / fail / unknown),
 * seeded faults ({@link dev.atoll.samples.chaos.FaultPlan}, {@link
 * dev.atoll.samples.chaos.FaultInjector}: SIGKILL, SIGSTOP, iptables partitions, full tmpfs disks,
 * graceful leaves), and, in the style of Jepsen, a {@link dev.atoll.samples.chaos.HistoryChecker}
 * that judges the history and every surviving replica ({@link dev.atoll.samples.chaos.ReplicaDump})
 * against each {@link dev.atoll.samples.chaos.Invariant}. {@link dev.atoll.samples.chaos.ChaosRun}
 * puts it together; the crash tests of the launcher use the cluster and its clients too.
 */
@NullMarked
package dev.atoll.samples.chaos;

import org.jspecify.annotations.NullMarked;
