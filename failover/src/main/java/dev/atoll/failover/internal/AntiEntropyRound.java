package dev.atoll.failover.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which backups one anti-entropy tick of a primary compares with its own log. A backup not known
 * to be complete (new in the replica set, or its last sync failed) and a complete one flagged for
 * a recheck (a membership change since its last sync) are checked every tick. A complete backup
 * keeps up through the live writes, and a gap in them is reported as soon as the next write of
 * that log does not follow, so it is checked only on every {@code fullCheckEvery}-th tick; that
 * full check also compares the logs receiving live writes, for a gap no later write revealed (a
 * lost message, a healed partition).
 *
 * @param tick the number of this tick, from 1
 * @param full whether this tick checks every backup and every log
 * @param backups the backups to check, in replica order
 */
record AntiEntropyRound(long tick, boolean full, List<String> backups) {

  static final int FULL_CHECK_EVERY = 10;

  static AntiEntropyRound of(long tick, List<String> backups, Set<String> complete, Set<String> recheck) {
    boolean full = tick % FULL_CHECK_EVERY == 0;
    List<String> checked = new ArrayList<>();
    for (String backup : backups) {
      if (full || !complete.contains(backup) || recheck.contains(backup)) {
        checked.add(backup);
      }
    }
    return new AntiEntropyRound(tick, full, List.copyOf(checked));
  }
}
