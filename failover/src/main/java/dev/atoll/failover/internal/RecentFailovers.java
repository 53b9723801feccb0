package dev.atoll.failover.internal;

import dev.atoll.failover.ShardConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The last shard failovers and planned moves this node learned of, newest first, for the management
 * API and the dashboard: a shard whose established epoch has a different primary than the epoch
 * before it. A shard's first epoch and a new epoch with the same primary (its
 * replica set changed) are not failovers and are not kept.
 *
 * <p>Every member learns of a failover when it records the new epoch as established, so each
 * node's list covers the whole cluster; only the new primary knows how long establishing took, so
 * only its entry has {@code establishingMillis}. Bounded: beyond {@code capacity} failovers, or
 * {@code capacity} planned moves, the oldest of that kind is dropped (so that the moves back to a
 * restarted node do not push its crash's failovers out). Thread-safe (the replica endpoint and the shard primaries report from their own
 * actors).
 */
final class RecentFailovers {

  /**
   * One change of primary: the shard's new epoch and primary, the primary it replaces, whether that
   * one was still a reachable member (a planned move: a join, a leave, a rebalance) or not (a
   * failover after a crash or a partition), and when.
   */
  record Failover(
      int shard, String epoch, String primary, String previousPrimary, boolean planned, Instant at, OptionalLong establishingMillis) {}

  private record Key(int shard, String epoch) {}

  private final int capacity;
  private final Map<Key, Failover> byEpoch = new LinkedHashMap<>();

  RecentFailovers(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive, was " + capacity);
    }
    this.capacity = capacity;
  }

  /**
   * {@code next} was established for {@code shard} after {@code previous}; kept if the primary
   * changed, as a planned move if {@code planned} (the old primary was still a reachable member). {@code establishingMillis} is empty unless this node ran the promotion.
   */
  synchronized void established(
      int shard, ShardConfig previous, ShardConfig next, boolean planned, OptionalLong establishingMillis, Instant at) {
    if (previous.isNone() || next.isNone() || previous.primary().equals(next.primary())) {
      return;
    }
    Key key = new Key(shard, next.epoch().toString());
    Failover known = byEpoch.get(key);
    if (known != null) {
      if (known.establishingMillis().isEmpty() && establishingMillis.isPresent()) {
        byEpoch.put(key, new Failover(
            shard, known.epoch(), known.primary(), known.previousPrimary(), known.planned(), known.at(), establishingMillis));
      }
      return;
    }
    byEpoch.put(key, new Failover(shard, key.epoch(), next.primary(), previous.primary(), planned, at, establishingMillis));
    long sameKind = byEpoch.values().stream().filter(f -> f.planned() == planned).count();
    Iterator<Failover> oldest = byEpoch.values().iterator();
    while (sameKind > capacity) {
      if (oldest.next().planned() == planned) {
        oldest.remove();
        sameKind--;
      }
    }
  }

  /** The failovers kept, newest first. */
  synchronized List<Failover> newestFirst() {
    List<Failover> result = new ArrayList<>(byEpoch.values());
    java.util.Collections.reverse(result);
    return result;
  }
}
