package dev.atoll.benchmarks.sharding;

import com.typesafe.config.ConfigFactory;
import dev.atoll.sharding.MovementPlan;
import dev.atoll.sharding.ShardTable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.Props;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.sharding.ShardCoordinator;
import scala.collection.immutable.IndexedSeq;
import scala.concurrent.Await;
import scala.jdk.javaapi.CollectionConverters;

/**
 * How many shards move to reach balance when one member joins a cluster of 3, 5 and 10 members,
 * and how even the result is: Atoll's {@link ShardTable} (plain consistent hashing, and with bounded
 * loads 1.25) against Pekko's least-shard allocation, computed side by side.
 *
 * <p>Atoll's figure is {@code ShardTable.plan(before, after).size()} averaged over many random
 * address sets (placement depends on the members' addresses). Pekko's figure comes from running
 * Pekko's own strategies on synthetic regions: the shards are first allocated one by one through
 * {@code allocateShard} over N regions, then a region is added and rebalance rounds are run
 * (each rebalanced shard re-allocated through {@code allocateShard}) until a round selects nothing.
 * Two Pekko strategies are measured: {@code leastShardAllocationStrategy(20, 0.1)} (the recommended
 * one) and {@code LeastShardAllocationStrategy(1, 3)} (what Pekko uses by default, when
 * {@code rebalance-absolute-limit = 0}). Pekko's strategies are addresses-agnostic, so one run each.
 *
 * <p>Run: {@code java -cp <classpath> dev.atoll.benchmarks.sharding.RebalanceMovesBenchmark [shards] [trials]}
 */
public final class RebalanceMovesBenchmark {

  private RebalanceMovesBenchmark() {}

  /** Moves and balance of one strategy for one join. */
  record Outcome(double moves, int minMoves, int maxMoves, double maxOverMean, int rounds) {}

  public static void main(String[] args) throws Exception {
    int shards = args.length > 0 ? Integer.parseInt(args[0]) : 256;
    int trials = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    int virtualNodes = 128;
    int rf = 3;
    ActorSystem system =
        ActorSystem.create(
            "bench",
            ConfigFactory.parseString(
                    "pekko.actor.provider = cluster\n"
                        + "pekko.remote.artery.canonical.hostname = 127.0.0.1\n"
                        + "pekko.remote.artery.canonical.port = 0\n"
                        + "pekko.loglevel = WARNING")
                .withFallback(ConfigFactory.load()));
    try {
      Cluster cluster = Cluster.get(system);
      CountDownLatch up = new CountDownLatch(1);
      cluster.registerOnMemberUp(up::countDown);
      cluster.join(cluster.selfAddress());
      if (!up.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the benchmark's one-node cluster did not come up");
      }
      System.out.printf(
          Locale.ROOT,
          "shards=%d virtual-nodes=%d replication-factor=%d atoll-trials=%d%n",
          shards, virtualNodes, rf, trials);
      System.out.printf(
          Locale.ROOT,
          "%-8s | %-34s | %-34s | %-30s | %-30s%n",
          "members", "Atoll plain CH: moves (min-max) max/mean", "Atoll bounded 1.25: moves max/mean",
          "Pekko least(20,0.1): moves rnds", "Pekko default(1,3): moves rnds");
      for (int members : new int[] {3, 5, 10}) {
        Outcome plain = atoll(members, shards, virtualNodes, rf, Optional.empty(), trials);
        Outcome bounded = atoll(members, shards, virtualNodes, rf, Optional.of(1.25), trials);
        Outcome least =
            pekko(system, members, shards, ShardCoordinator.leastShardAllocationStrategy(20, 0.1));
        Outcome old =
            pekko(system, members, shards, new ShardCoordinator.LeastShardAllocationStrategy(1, 3));
        System.out.printf(
            Locale.ROOT,
            "%d -> %-3d | %6.1f (%3d-%3d) %5.2f              | %6.1f (%3d-%3d) %5.2f              | %4.0f moves %4.2f max/mean %3d rnds | %4.0f moves %4.2f max/mean %3d rnds%n",
            members, members + 1,
            plain.moves(), plain.minMoves(), plain.maxMoves(), plain.maxOverMean(),
            bounded.moves(), bounded.minMoves(), bounded.maxMoves(), bounded.maxOverMean(),
            least.moves(), least.maxOverMean(), least.rounds(),
            old.moves(), old.maxOverMean(), old.rounds());
      }
      System.out.printf(
          Locale.ROOT,
          "ideal moves for N -> N+1 = shards/(N+1): 3->4 %.1f, 5->6 %.1f, 10->11 %.1f%n",
          shards / 4.0, shards / 6.0, shards / 11.0);
    } finally {
      system.terminate();
      Await.ready(system.whenTerminated(), scala.concurrent.duration.Duration.create(30, TimeUnit.SECONDS));
    }
  }

  private static List<Address> addresses(int trial, int count) {
    List<Address> members = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      members.add(new Address("pekko", "atoll", "10." + (trial % 250) + "." + (trial / 250) + "." + (i + 1), 2551));
    }
    return members;
  }

  private static Outcome atoll(
      int members, int shards, int virtualNodes, int rf, Optional<Double> factor, int trials) {
    long totalMoves = 0;
    int min = Integer.MAX_VALUE;
    int max = 0;
    double imbalance = 0;
    for (int trial = 0; trial < trials; trial++) {
      List<Address> after = addresses(trial, members + 1);
      ShardTable before = ShardTable.of(after.subList(0, members), shards, rf, virtualNodes, factor);
      ShardTable grown = ShardTable.of(after, shards, rf, virtualNodes, factor);
      MovementPlan plan = ShardTable.plan(before, grown);
      totalMoves += plan.size();
      min = Math.min(min, plan.size());
      max = Math.max(max, plan.size());
      imbalance += maxOverMean(grown.primaryCounts().values(), shards);
    }
    return new Outcome((double) totalMoves / trials, min, max, imbalance / trials, 1);
  }

  private static double maxOverMean(Collection<Integer> counts, int shards) {
    int max = counts.stream().mapToInt(Integer::intValue).max().orElse(0);
    return max / ((double) shards / counts.size());
  }

  private static Outcome pekko(
      ActorSystem system, int members, int shards, ShardCoordinator.ShardAllocationStrategy strategy)
      throws Exception {
    // Pekko's own strategies look regions up in the cluster state: local refs map to this Up node.
    ((ShardCoordinator.ActorSystemDependentAllocationStrategy) strategy).start(system);
    Map<ActorRef, List<String>> allocations = new LinkedHashMap<>();
    List<ActorRef> regions = new ArrayList<>();
    for (int i = 0; i <= members; i++) {
      regions.add(system.actorOf(Props.empty()));
    }
    for (int i = 0; i < members; i++) {
      allocations.put(regions.get(i), new ArrayList<>());
    }
    for (int shard = 0; shard < shards; shard++) {
      String id = Integer.toString(shard);
      allocations.get(allocate(strategy, regions.get(0), id, allocations)).add(id);
    }
    allocations.put(regions.get(members), new ArrayList<>());
    int moves = 0;
    int rounds = 0;
    while (rounds < 10_000) {
      Set<String> chosen = rebalance(strategy, allocations);
      if (chosen.isEmpty()) {
        break;
      }
      rounds++;
      for (String shard : chosen) {
        ActorRef from = null;
        for (Map.Entry<ActorRef, List<String>> entry : allocations.entrySet()) {
          if (entry.getValue().remove(shard)) {
            from = entry.getKey();
          }
        }
        ActorRef to = allocate(strategy, regions.get(0), shard, allocations);
        allocations.get(to).add(shard);
        if (!to.equals(from)) {
          moves++;
        }
      }
    }
    List<Integer> counts = allocations.values().stream().map(List::size).toList();
    regions.forEach(system::stop);
    return new Outcome(moves, moves, moves, maxOverMean(counts, shards), rounds);
  }

  private static scala.collection.immutable.Map<ActorRef, IndexedSeq<String>> toScala(
      Map<ActorRef, List<String>> allocations) {
    Map<ActorRef, IndexedSeq<String>> converted = new LinkedHashMap<>();
    allocations.forEach(
        (region, shards) ->
            converted.put(region, CollectionConverters.asScala(new ArrayList<>(shards)).toIndexedSeq()));
    return scala.collection.immutable.Map.from(CollectionConverters.asScala(converted));
  }

  private static ActorRef allocate(
      ShardCoordinator.ShardAllocationStrategy strategy,
      ActorRef requester,
      String shard,
      Map<ActorRef, List<String>> allocations)
      throws Exception {
    return Await.result(
        strategy.allocateShard(requester, shard, toScala(allocations)),
        scala.concurrent.duration.Duration.create(5, TimeUnit.SECONDS));
  }

  private static Set<String> rebalance(
      ShardCoordinator.ShardAllocationStrategy strategy, Map<ActorRef, List<String>> allocations)
      throws Exception {
    scala.collection.immutable.Set<String> chosen =
        Await.result(
            strategy.rebalance(toScala(allocations), scala.collection.immutable.Set$.MODULE$.<String>empty()),
            scala.concurrent.duration.Duration.create(5, TimeUnit.SECONDS));
    return new HashSet<>(CollectionConverters.asJava(chosen));
  }
}
