package dev.atoll.samples.chaos;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What one chaos run does.
 *
 * @param nodes node JVMs, 3 to 9 (RF 3, W 2)
 * @param duration how long faults are injected
 * @param minFaultsPerKind keep injecting after {@code duration} until every available kind was
 *     injected this often (0: stop at {@code duration})
 * @param seed drives every choice of the fault schedule and of the clients
 * @param faults the kinds asked for (kinds this machine cannot inject are skipped, and said so)
 * @param maxFaulty nodes under a fault at the same time; more than the replica set tolerates
 *     (one, with RF 3 and W 2) makes data loss possible and the verdict meaningless
 * @param clients client threads
 * @param ledgers ledgers (entities) the clients write to
 * @param workRoot the run's work directory {@code atoll-chaos-<pid>} is made under it
 * @param tmpfsSize each node's tmpfs size for disk faults, as {@code mount -o size=} takes it
 * @param minHold shortest pause, partition or full disk
 * @param maxHold longest pause, partition or full disk (beyond about 3 s the others down a paused
 *     or cut-off node, which then stops itself and is restarted: the zombie case)
 */
public record ChaosSettings(
    int nodes,
    Duration duration,
    int minFaultsPerKind,
    long seed,
    List<FaultKind> faults,
    int maxFaulty,
    int clients,
    int ledgers,
    Path workRoot,
    String tmpfsSize,
    Duration minHold,
    Duration maxHold) {

  public ChaosSettings {
    faults = List.copyOf(faults);
    if (nodes < 3 || nodes > 9) {
      throw new IllegalArgumentException("--nodes " + nodes + ": must be 3 to 9 (the replica set is 3)");
    }
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("--duration " + duration + ": must be positive");
    }
    if (maxFaulty < 1 || maxFaulty >= nodes) {
      throw new IllegalArgumentException("--max-faulty " + maxFaulty + ": must be 1 to " + (nodes - 1));
    }
    if (minHold.isNegative() || maxHold.compareTo(minHold) < 0) {
      throw new IllegalArgumentException("--hold " + minHold + "-" + maxHold + ": need 0 <= MIN <= MAX");
    }
    if (clients < 1 || ledgers < clients) {
      throw new IllegalArgumentException("--clients " + clients + " / --ledgers " + ledgers + ": need at least one client and one ledger per client");
    }
  }
}
