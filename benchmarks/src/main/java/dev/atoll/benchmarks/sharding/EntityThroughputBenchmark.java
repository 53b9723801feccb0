package dev.atoll.benchmarks.sharding;

import com.typesafe.config.ConfigFactory;
import dev.atoll.framework.AtollNode;
import dev.atoll.framework.AtollSerializable;
import dev.atoll.sharding.Entities;
import dev.atoll.sharding.EntitySpec;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

/**
 * Messages per second told to 1,000 non-persistent sharded entities on one node: an entity type
 * started with Atoll's {@link Entities} against the same behavior started with raw Pekko
 * {@link ClusterSharding} (default message extractor and allocation strategy), in the same JVM and
 * the same run. Rounds alternate between the two (each round runs both, the first side alternating)
 * after a warm-up; the result is each side's median, the ratio of the medians, and the median of
 * the per-round ratios, which cancels slow drifts of a shared machine (goal: at least 0.95).
 *
 * <p>Each round tells {@code messages} messages round-robin through cached {@link EntityRef}s and
 * ends when every entity has counted its share (a latch the entities count down), so the figure
 * covers delivery, not just enqueueing.
 *
 * <p>Run: {@code java -cp <classpath> dev.atoll.benchmarks.sharding.EntityThroughputBenchmark [messages] [rounds]}
 */
public final class EntityThroughputBenchmark {

  private static final int ENTITIES = 1000;

  /** The counted message. */
  public record Hit() implements AtollSerializable {}

  private static final Hit HIT = new Hit();
  private static final AtomicReference<CountDownLatch> DONE = new AtomicReference<>(new CountDownLatch(0));

  private EntityThroughputBenchmark() {}

  private static Behavior<Hit> counter() {
    return Behaviors.receiveMessage(
        hit -> {
          DONE.get().countDown();
          return Behaviors.same();
        });
  }

  public static void main(String[] args) throws Exception {
    int messages = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
    AtollNode node =
        AtollNode.start(
            ConfigFactory.parseString(
                "atoll.node { port = 0, data-dir = \""
                    + Files.createTempDirectory("atoll-bench").toString().replace("\\", "/")
                    + "\" }\n"
                    + "atoll.management.enabled = off\n"
                    + "atoll.sharding.passivation.idle-timeout = off\n"
                    + "pekko.cluster.sharding.passivation.strategy = none\n"
                    + "pekko.cluster.sharding.number-of-shards = 256\n"
                    + "pekko.loglevel = WARNING"));
    try {
      node.join(node.selfAddress());
      node.awaitUp(Duration.ofSeconds(30));

      Entities.get(node.system())
          .init(EntitySpec.of("AtollCounter", Hit.class, ctx -> counter()).withoutPassivation());
      EntityTypeKey<Hit> rawKey = EntityTypeKey.create(Hit.class, "RawCounter");
      ClusterSharding.get(node.system()).init(Entity.of(rawKey, ctx -> counter()));

      List<EntityRef<Hit>> atoll = new ArrayList<>();
      List<EntityRef<Hit>> raw = new ArrayList<>();
      for (int i = 0; i < ENTITIES; i++) {
        atoll.add(Entities.get(node.system()).entityRefFor("AtollCounter", "e-" + i));
        raw.add(ClusterSharding.get(node.system()).entityRefFor(rawKey, "e-" + i));
      }

      System.out.printf(Locale.ROOT, "entities=%d messages/round=%d rounds/side=%d (after 2 warm-up rounds each)%n",
          ENTITIES, messages, rounds);
      // Start every shard and entity first: messages to shards not yet allocated are buffered by the
      // region (at most 100,000), so a full round before allocation would drop messages.
      round(atoll, ENTITIES);
      round(raw, ENTITIES);
      for (int warmup = 0; warmup < 2; warmup++) {
        round(atoll, messages);
        round(raw, messages);
      }
      double[] atollRates = new double[rounds];
      double[] rawRates = new double[rounds];
      for (int r = 0; r < rounds; r++) {
        // Alternate which side goes first so that neither always runs on a warmer JVM.
        if (r % 2 == 0) {
          atollRates[r] = round(atoll, messages);
          rawRates[r] = round(raw, messages);
        } else {
          rawRates[r] = round(raw, messages);
          atollRates[r] = round(atoll, messages);
        }
        System.out.printf(Locale.ROOT, "round %d: atoll %,.0f msg/s, pekko %,.0f msg/s%n", r + 1, atollRates[r], rawRates[r]);
      }
      double atollMedian = median(atollRates);
      double rawMedian = median(rawRates);
      double[] pairRatios = new double[rounds];
      for (int r = 0; r < rounds; r++) {
        pairRatios[r] = atollRates[r] / rawRates[r];
      }
      System.out.printf(
          Locale.ROOT,
          "median: atoll %,.0f msg/s, raw pekko %,.0f msg/s, ratio of medians %.3f, median of per-round ratios %.3f%n",
          atollMedian, rawMedian, atollMedian / rawMedian, median(pairRatios));
    } finally {
      node.system().terminate();
      node.whenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  private static double round(List<EntityRef<Hit>> refs, int messages) throws InterruptedException {
    CountDownLatch done = new CountDownLatch(messages);
    DONE.set(done);
    long start = System.nanoTime();
    for (int i = 0; i < messages; i++) {
      refs.get(i % ENTITIES).tell(HIT);
    }
    if (!done.await(120, TimeUnit.SECONDS)) {
      throw new IllegalStateException(done.getCount() + " messages of " + messages + " not delivered in 120 s");
    }
    return messages / ((System.nanoTime() - start) / 1e9);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
