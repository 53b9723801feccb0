package dev.atoll.benchmarks.journal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.atoll.benchmarks.harness.Stats;
import dev.atoll.failover.FailoverSettings;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;

/**
 * Issue #5's throughput goal: persisted events per second through the failover module's replicated
 * journal (replication factor 3, write quorum 2, three nodes on loopback) against the same
 * three-node cluster with replication off ({@code atoll.journal.replicator = local}), in the same
 * JVM, in interleaved rounds. The goal is a ratio replicated / local-only of at least 0.5.
 *
 * <p>Each round starts a fresh {@link ThreeNodeCluster} (embedded journal, {@code sync = batch},
 * 64 shards), waits until every entity has answered once and every shard is on its primary
 * (no rebalance can then hand off busy shards during the measurement), then drives 1,000 sharded
 * {@link BenchmarkEntity} entities (~100-byte events) from node 1 through sharding with 256
 * commands in flight ({@link LoadDriver}): about two thirds of the entities live on the other two
 * nodes, as in a real cluster. Latencies are from sending the command on node 1 to its
 * acknowledgement arriving back there; commands never acknowledged (failed persists) are counted
 * as lost and replaced. After the measured window the round checks that the contender did what it
 * claims: the latest event of sampled entities is on a write quorum of nodes when replicated and
 * on exactly one when not. Every node is stopped at the end of its round.
 *
 * <p>Every contender first runs one longer round that is not counted (round 0), to warm the JIT
 * up. Arguments (all optional): counted rounds per contender (3), warm-up seconds (5), measured seconds
 * (10), in-flight commands (256), entities (1000), seconds of round 0 after its warm-up (30). With
 * {@code -Datoll.bench.replicated-variant="<HOCON>"} (for example
 * {@code "atoll.failover.anti-entropy-interval = 60s"}) a third contender, replicated with those
 * settings over the defaults, runs in the same rounds; with {@code -Datoll.bench.local-variant=true}
 * as well, a fourth, local-only with the same settings.
 */
public final class ReplicatedJournalBenchmark {

  /**
   * One side of the comparison: its settings over the cluster's common ones, and on how many nodes
   * each acknowledged event must be (its write quorum; 1 without replication).
   */
  private record Contender(String name, Config settings, int copies) {}

  /** What one round of one contender produced. */
  private record Round(
      LoadDriver.Result load, List<Integer> shardsPerNode, int minCopies, int maxCopies, String window) {}

  private static final Contender LOCAL_ONLY =
      new Contender("local-only", ConfigFactory.parseString("atoll.journal.replicator = local"), 1);

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
  /** Every 50th entity is checked for its copies after a round. */
  private static final int COPY_SAMPLE_STEP = 50;
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

  private ReplicatedJournalBenchmark() {}

  public static void main(String[] args) throws Exception {
    JournalThroughputBenchmark.quietLogging();
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    Duration warmUp = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 5);
    Duration measure = Duration.ofSeconds(args.length > 2 ? Long.parseLong(args[2]) : 10);
    int inFlight = args.length > 3 ? Integer.parseInt(args[3]) : 256;
    int entityCount = args.length > 4 ? Integer.parseInt(args[4]) : 1000;
    Duration jitWarmUp = Duration.ofSeconds(args.length > 5 ? Long.parseLong(args[5]) : 30);
    List<String> ids = IntStream.range(0, entityCount).mapToObj(i -> "acc-" + i).toList();

    System.out.printf(
        Locale.ROOT,
        "replicated journal throughput: 3 nodes in one JVM, %d entities, %d in flight from node 1, "
            + "warm-up %ds, measured %ds, %d rounds each, %d cores%n",
        entityCount, inFlight, warmUp.toSeconds(), measure.toSeconds(), rounds,
        Runtime.getRuntime().availableProcessors());
    Contender replicated = replicatedWithDefaults(ConfigFactory.empty(), "");
    Map<Contender, List<Round>> results = new LinkedHashMap<>();
    // The local-only contender each replicated one is compared with.
    Map<Contender, Contender> baselines = new LinkedHashMap<>();
    results.put(replicated, new ArrayList<>());
    baselines.put(replicated, LOCAL_ONLY);
    String variant = System.getProperty("atoll.bench.replicated-variant", "");
    Contender replicatedVariant = null;
    if (!variant.isBlank()) {
      replicatedVariant = replicatedWithDefaults(ConfigFactory.parseString(variant), " + " + variant);
      results.put(replicatedVariant, new ArrayList<>());
      baselines.put(replicatedVariant, LOCAL_ONLY);
    }
    results.put(LOCAL_ONLY, new ArrayList<>());
    if (replicatedVariant != null && Boolean.getBoolean("atoll.bench.local-variant")) {
      // A setting that is not about replication (a dispatcher's size, say) changes both sides:
      // only with local-only under it too does the ratio say what it does to the goal.
      Contender localVariant = new Contender(LOCAL_ONLY.name() + " + " + variant,
          ConfigFactory.parseString(variant).withFallback(LOCAL_ONLY.settings()), 1);
      results.put(localVariant, new ArrayList<>());
      baselines.put(replicatedVariant, localVariant);
    }
    // Round 0 warms the JIT up for each contender and is not counted: a cold JVM's first round ran
    // at a third to a half of the later ones, and the replicated contender, which runs more code
    // (the backups' side, the wire format), was still compiling (C2 at about 15% of the CPU) and
    // getting faster round after round when local-only had long settled.
    for (Contender contender : results.keySet()) {
      Round warmUpRound = runRound(contender, ids, inFlight, warmUp, jitWarmUp);
      System.out.printf(
          Locale.ROOT, "round 0  %-24s %8.0f events/s  (JIT warm-up, not counted)%n",
          contender.name(), warmUpRound.load().eventsPerSecond());
    }
    for (int round = 1; round <= rounds; round++) {
      // alternate the order of the contenders, so drift in machine load hits them alike
      List<Contender> order = new ArrayList<>(results.keySet());
      if (round % 2 == 0) {
        Collections.reverse(order);
      }
      for (Contender contender : order) {
        long started = System.nanoTime();
        Round result = runRound(contender, ids, inFlight, warmUp, measure);
        results.get(contender).add(result);
        System.out.printf(
            Locale.ROOT,
            "round %d  %-24s %8.0f events/s  p50 %6.2f ms  p99 %7.2f ms  lost %d  shards per node %s  "
                + "copies of latest event %d-%d  measured %s  (round took %.0f s)%n",
            round, contender.name(), result.load().eventsPerSecond(),
            percentileMillis(result.load(), 50), percentileMillis(result.load(), 99),
            result.load().lost(), result.shardsPerNode(), result.minCopies(), result.maxCopies(),
            result.window(), (System.nanoTime() - started) / 1e9);
      }
    }
    printSummary(results, baselines);
    System.exit(0);
  }

  /**
   * A replicated contender with the failover defaults on the class path under {@code settings}:
   * with none of its own, it measures what users get. Its name and the copies it must show come
   * from the effective replication factor and write quorum.
   */
  private static Contender replicatedWithDefaults(Config settings, String nameSuffix) {
    FailoverSettings effective =
        FailoverSettings.fromConfig(settings.withFallback(ConfigFactory.defaultReference()));
    int factor = effective.replicationFactor();
    int quorum = effective.writeQuorum() == 0 ? factor / 2 + 1 : effective.writeQuorum();
    return new Contender("replicated (RF " + factor + ", W " + quorum + ")" + nameSuffix, settings, quorum);
  }

  private static Round runRound(
      Contender contender, List<String> ids, int inFlight, Duration warmUp, Duration measure)
      throws Exception {
    try (ThreeNodeCluster cluster = ThreeNodeCluster.start(contender.settings(), START_TIMEOUT)) {
      cluster.awaitEveryEntityAnswers(ids, READY_TIMEOUT);
      cluster.awaitPlacementSettled(ids, READY_TIMEOUT);
      List<Integer> shards = cluster.shardsPerNode();
      LocalTime windowStart = LocalTime.now().plus(warmUp);
      LoadDriver.Result load = drive(cluster, cluster.entityRefs(ids), inFlight, warmUp, measure);
      String window = CLOCK.format(windowStart) + "-" + CLOCK.format(windowStart.plus(measure));
      List<Integer> copies =
          IntStream.iterate(0, i -> i < ids.size(), i -> i + COPY_SAMPLE_STEP)
              .mapToObj(i -> cluster.copiesOfLatestEvent(ids.get(i)))
              .toList();
      int min = Collections.min(copies);
      int max = Collections.max(copies);
      // A lost (failed) persist may be stored on fewer nodes than the quorum, so then only check
      // that replication happened at all.
      boolean asClaimed =
          contender.copies() == 1
              ? max == 1
              : (load.lost() > 0 ? max : min) >= contender.copies();
      if (!asClaimed) {
        throw new IllegalStateException(
            contender.name() + ": sampled entities' latest events are on " + min + " to " + max
                + " nodes, but every acknowledged event should be on " + contender.copies()
                + (contender.copies() == 1 ? "" : " or more")
                + ": the round did not measure what it claims");
      }
      return new Round(load, shards, min, max, window);
    }
  }

  /** Runs a {@link LoadDriver} on the driver node and waits for its result. */
  private static LoadDriver.Result drive(
      ThreeNodeCluster cluster,
      List<EntityRef<BenchmarkEntity.Command>> entities,
      int inFlight,
      Duration warmUp,
      Duration measure)
      throws Exception {
    CompletableFuture<LoadDriver.Result> result = new CompletableFuture<>();
    Behavior<LoadDriver.Result> collector =
        Behaviors.setup(
            context -> {
              context.spawn(
                  LoadDriver.create(entities, inFlight, warmUp, measure, context.getSelf()), "driver");
              return Behaviors.receiveMessage(
                  r -> {
                    result.complete(r);
                    return Behaviors.stopped();
                  });
            });
    cluster.driverNode().system().systemActorOf(collector, "replicated-journal-benchmark", Props.empty());
    Duration limit = warmUp.plus(measure).plus(LoadDriver.GIVE_UP_AFTER).plusMinutes(1);
    try {
      return result.get(limit.toSeconds(), TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "the load driver did not report within " + limit, e);
    }
  }

  private static void printSummary(Map<Contender, List<Round>> results, Map<Contender, Contender> baselines) {
    System.out.println();
    System.out.println("summary (min / median / max over rounds):");
    results.forEach(ReplicatedJournalBenchmark::printContenderSummary);
    for (Map.Entry<Contender, Contender> comparison : baselines.entrySet()) {
      Contender contender = comparison.getKey();
      Contender baseline = comparison.getValue();
      List<Round> local = results.get(baseline);
      Stats localRate = Stats.of(local.stream().map(ReplicatedJournalBenchmark::eventsPerSecond).toList());
      List<Round> replicated = results.get(contender);
      Stats rate = Stats.of(replicated.stream().map(ReplicatedJournalBenchmark::eventsPerSecond).toList());
      Stats perRound =
          Stats.of(
              IntStream.range(0, replicated.size())
                  .mapToObj(i -> eventsPerSecond(replicated.get(i)) / eventsPerSecond(local.get(i)))
                  .toList());
      System.out.printf(
          Locale.ROOT,
          "ratio %s / %s: of the medians %.2f (goal >= 0.5); "
              + "per round (round i with round i) min / median / max %.2f / %.2f / %.2f%n",
          contender.name(), baseline.name(), rate.median() / localRate.median(),
          perRound.min(), perRound.median(), perRound.max());
    }
  }

  /** Prints one contender's line of the summary. */
  private static void printContenderSummary(Contender contender, List<Round> rounds) {
    Stats rate = Stats.of(rounds.stream().map(ReplicatedJournalBenchmark::eventsPerSecond).toList());
    Stats p50 = Stats.of(rounds.stream().map(r -> percentileMillis(r.load(), 50)).toList());
    Stats p99 = Stats.of(rounds.stream().map(r -> percentileMillis(r.load(), 99)).toList());
    System.out.printf(
        Locale.ROOT,
        "  %-24s events/s %8.0f / %8.0f / %8.0f   p50 ms %.2f / %.2f / %.2f   "
            + "p99 ms %.2f / %.2f / %.2f   lost %d%n",
        contender.name(), rate.min(), rate.median(), rate.max(),
        p50.min(), p50.median(), p50.max(), p99.min(), p99.median(), p99.max(),
        rounds.stream().mapToLong(r -> r.load().lost()).sum());
  }

  private static double eventsPerSecond(Round round) {
    return round.load().eventsPerSecond();
  }

  private static double percentileMillis(LoadDriver.Result result, double percentile) {
    return result.latencyMicros().getValueAtPercentile(percentile) / 1000.0;
  }
}
