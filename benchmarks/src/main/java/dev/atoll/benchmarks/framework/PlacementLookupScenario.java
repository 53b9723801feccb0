package dev.atoll.benchmarks.framework;

import dev.atoll.benchmarks.harness.Contender;
import dev.atoll.benchmarks.harness.RoundSettings;
import dev.atoll.benchmarks.harness.Scenario;
import dev.atoll.framework.HashRing;
import dev.atoll.framework.ShardFunction;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;
import org.apache.pekko.actor.Address;

/**
 * Placement lookups per second: which of 10 members owns a shard, on Atoll's {@link HashRing}
 * (owner plus two backups) versus the placement a user writes without one, {@code hash % members}
 * (which has no backups and moves almost every shard when a member joins). Cheap enough to be the
 * harness's smoke scenario.
 */
public final class PlacementLookupScenario implements Scenario {

  private static final int MEMBERS = 10;
  private static final int KEYS = 4096;

  @Override
  public String name() {
    return "placement-lookup";
  }

  @Override
  public String description() {
    return "shard -> member lookups/s, 10 members: HashRing owners(key, 3) vs hash % members";
  }

  @Override
  public String unit() {
    return "lookups/s";
  }

  @Override
  public boolean higherIsBetter() {
    return true;
  }

  @Override
  public List<Contender> contenders() {
    List<Address> members = new ArrayList<>();
    for (int i = 0; i < MEMBERS; i++) {
      members.add(new Address("pekko", "atoll", "10.0.0." + (i + 1), 2552));
    }
    HashRing ring = HashRing.of(members, 128);
    ShardFunction modulo = ShardFunction.of(MEMBERS);
    return List.of(
        new LookupLoop("atoll-hashring", key -> ring.owners(key, 3).get(0).hashCode()),
        new LookupLoop("modulo", modulo::shardOf));
  }

  /** Looks keys up in a tight loop for the round's length and counts them. */
  private static final class LookupLoop implements Contender {
    private final String name;
    private final ToIntFunction<String> lookup;
    private final String[] keys = new String[KEYS];
    private int sink;

    LookupLoop(String name, ToIntFunction<String> lookup) {
      this.name = name;
      this.lookup = lookup;
      for (int i = 0; i < KEYS; i++) {
        keys[i] = "shard-" + i;
      }
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public double runRound(RoundSettings round) {
      long end = System.nanoTime() + round.roundLength().toNanos();
      long start = System.nanoTime();
      long count = 0;
      while (true) {
        for (int i = 0; i < 1024; i++) {
          sink += lookup.applyAsInt(keys[(int) (count++ & (KEYS - 1))]);
        }
        long now = System.nanoTime();
        if (now >= end) {
          return count / ((now - start) / 1e9);
        }
      }
    }

    @Override
    public String toString() {
      return name + " (sink " + sink + ")";
    }
  }
}
