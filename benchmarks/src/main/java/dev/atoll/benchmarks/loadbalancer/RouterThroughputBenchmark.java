package dev.atoll.benchmarks.loadbalancer;

import com.typesafe.config.ConfigFactory;
import dev.atoll.loadbalancer.LoadBalancers;
import dev.atoll.loadbalancer.RouterStats;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Routers;

/**
 * Throughput of plain tells through a round-robin router versus the same tells sent directly to the
 * routees (the sender doing its own round-robin over an array), in one ActorSystem, same run, rounds
 * interleaved (direct, router, direct, router, ...) so that JIT and machine noise hit both alike.
 *
 * <p>A round sends {@code messages} messages from one thread to four routees and ends when every
 * routee has received its share. Each routee does {@code workNanos} of CPU work per message
 * (MurmurHash-like mixing, calibrated at start), standing for a real handler; 0 measures the bare
 * actor hop.
 *
 * <p>Pekko's typed group router ({@code Routers.group(key).withRoundRobinRouting()}) over the same
 * routees runs in the same rounds as a reference: both are one actor hop.
 *
 * <p>Usage: {@code RouterThroughputBenchmark [messages=1000000] [rounds=7] [workNanos=0,1000]}
 */
public final class RouterThroughputBenchmark {

  private static final int ROUTEES = 4;

  record Work(long n) {}

  record Expect(int count, CountDownLatch done) {}

  public static void main(String[] args) throws Exception {
    int messages = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
    long[] workLevels = Arrays.stream((args.length > 2 ? args[2] : "0,1000").split(","))
        .mapToLong(Long::parseLong).toArray();

    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "bench", ConfigFactory.parseString("""
        pekko.loglevel = WARNING
        atoll.load-balancer.routers.bench { strategy = round-robin, service = "bench" }
        """).withFallback(ConfigFactory.load()));
    try {
      System.out.printf("round-robin router vs direct tells: %d messages per round, %d routees, %d rounds each, "
          + "%d cores%n", messages, ROUTEES, rounds, Runtime.getRuntime().availableProcessors());
      for (long workNanos : workLevels) {
        run(system, messages, rounds, workNanos);
      }
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  private static void run(ActorSystem<Void> system, int messages, int rounds, long workNanos) throws Exception {
    long iterations = CpuWork.iterationsFor(workNanos);
    List<ActorRef<Object>> routees = new ArrayList<>();
    LoadBalancers balancers = LoadBalancers.get(system);
    for (int i = 0; i < ROUTEES; i++) {
      ActorRef<Object> routee = system.systemActorOf(routee(iterations), "routee-" + workNanos + "-" + i,
          org.apache.pekko.actor.typed.Props.empty());
      routees.add(routee);
      balancers.registerRoutee("bench", Object.class, routee);
    }
    ActorRef<Object> router = balancers.router("bench", Object.class);
    awaitRoutees(balancers, routees.size());
    // Pekko's own typed group router over the same routees, for reference: same hop, no counters.
    ActorRef<Object> pekkoRouter = system.systemActorOf(
        Routers.group(LoadBalancers.serviceKey(Object.class, "bench")).withRoundRobinRouting(),
        "pekko-router-" + workNanos, org.apache.pekko.actor.typed.Props.empty());
    Thread.sleep(1000); // Pekko's router has no way to ask whether it has seen the listing yet

    // warm-up: two rounds of each
    for (int w = 0; w < 2; w++) {
      round(routees, null, messages / 2);
      round(routees, router, messages / 2);
      round(routees, pekkoRouter, messages / 2);
    }
    double[] direct = new double[rounds];
    double[] routed = new double[rounds];
    double[] pekko = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      direct[r] = round(routees, null, messages);
      routed[r] = round(routees, router, messages);
      pekko[r] = round(routees, pekkoRouter, messages);
    }
    double[] pairedAtoll = new double[rounds];
    double[] pairedPekko = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      pairedAtoll[r] = routed[r] / direct[r];
      pairedPekko[r] = pekko[r] / direct[r];
    }
    double directMedian = median(direct);
    double routedMedian = median(routed);
    double pekkoMedian = median(pekko);
    System.out.printf("work %5d ns/msg | direct %,10.0f msg/s | Atoll router %,10.0f msg/s (ratio %.3f) "
            + "| Pekko group router %,10.0f msg/s (ratio %.3f)%n",
        workNanos, directMedian, routedMedian, routedMedian / directMedian, pekkoMedian, pekkoMedian / directMedian);
    System.out.printf("    median of per-round ratios (each router round / the direct round just before it): "
        + "Atoll %.3f, Pekko %.3f%n", median(pairedAtoll), median(pairedPekko));
    System.out.printf("    direct rounds %s%n    Atoll  rounds %s%n    Pekko  rounds %s%n",
        format(direct), format(routed), format(pekko));

    for (ActorRef<Object> routee : routees) {
      balancers.deregisterRoutee("bench", Object.class, routee);
    }
    awaitRoutees(balancers, 0);
  }

  /** Messages per second of one round; {@code router == null} sends directly. */
  private static double round(List<ActorRef<Object>> routees, ActorRef<Object> router, int messages)
      throws InterruptedException {
    CountDownLatch done = new CountDownLatch(routees.size());
    for (ActorRef<Object> routee : routees) {
      routee.tell(new Expect(messages / routees.size(), done));
    }
    long start = System.nanoTime();
    if (router == null) {
      for (int i = 0; i < messages; i++) {
        routees.get(i % ROUTEES).tell(new Work(i));
      }
    } else {
      for (int i = 0; i < messages; i++) {
        router.tell(new Work(i));
      }
    }
    if (!done.await(120, TimeUnit.SECONDS)) {
      throw new IllegalStateException("round did not finish: messages lost?");
    }
    return messages / ((System.nanoTime() - start) / 1e9);
  }

  private static Behavior<Object> routee(long iterations) {
    return Behaviors.setup(context -> {
      int[] remaining = {Integer.MAX_VALUE};
      CountDownLatch[] latch = {null};
      long[] sink = {0}; // keeps the JIT from removing the work
      return Behaviors.receiveMessage(message -> {
        if (message instanceof Expect expect) {
          remaining[0] = expect.count();
          latch[0] = expect.done();
        } else if (message instanceof Work work) {
          sink[0] += CpuWork.spin(work.n(), iterations);
          if (--remaining[0] == 0) {
            if (sink[0] == 42) {
              System.out.print("");
            }
            latch[0].countDown();
          }
        }
        return Behaviors.same();
      });
    });
  }

  private static void awaitRoutees(LoadBalancers balancers, int expected) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      RouterStats stats = balancers.stats("bench").toCompletableFuture().get(5, TimeUnit.SECONDS);
      if (stats.routees().stream().filter(RouterStats.RouteeStats::eligible).count() == expected) {
        return;
      }
      Thread.sleep(20); // polling the receptionist's listing, outside any measured window
    }
    throw new IllegalStateException("router did not see " + expected + " routees");
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static String format(double[] values) {
    StringBuilder text = new StringBuilder();
    for (double value : values) {
      text.append(String.format("%,.0f ", value));
    }
    return text.toString().trim();
  }
}
