package dev.atoll.benchmarks.framework;

import dev.atoll.framework.HashRing;
import dev.atoll.framework.ShardFunction;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.Address;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of placing a key on the {@link HashRing}, next to the cost of only hashing it
 * ({@code shardFunctionOnly}, the baseline: MurmurHash3 plus a modulo). The difference is the
 * binary search over {@code members * virtualNodes} points and, for {@code owners3}, the walk to
 * three distinct members.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HashRingBenchmark {

  @Param({"3", "10", "50"})
  int members;

  @Param({"128"})
  int virtualNodes;

  private HashRing ring;
  private ShardFunction shards;
  private String[] keys;
  private int next;

  @Setup
  public void setUp() {
    List<Address> addresses = new ArrayList<>();
    for (int i = 0; i < members; i++) {
      addresses.add(new Address("pekko", "atoll", "10.0." + (i / 250) + "." + (i % 250 + 1), 2552));
    }
    ring = HashRing.of(addresses, virtualNodes);
    shards = ShardFunction.of(1024);
    keys = new String[4096];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = "shard-" + i;
    }
  }

  private String nextKey() {
    next = (next + 1) & (keys.length - 1);
    return keys[next];
  }

  @Benchmark
  public int shardFunctionOnly() {
    return shards.shardOf(nextKey());
  }

  @Benchmark
  public Address owner() {
    return ring.owner(nextKey());
  }

  @Benchmark
  public List<Address> owners3() {
    return ring.owners(nextKey(), 3);
  }
}
