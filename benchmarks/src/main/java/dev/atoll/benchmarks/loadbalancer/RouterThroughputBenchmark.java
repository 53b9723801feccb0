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
 * interleaved (direct, then each router, direct, ...) so that JIT and machine noise hit all alike.
 *
 * <p>A round sends {@code messages} messages from one thread to four routees and ends when every
 * routee has received its share. Each routee does {@code workNanos} of CPU work per message
 * (MurmurHash-like mixing, calibrated at start), standing for a real handler; 0 measures the bare
 * cost of routing.
 *
 * <p>Contenders, all over the same four routees:
 *
 * <ul>
 *   <li>{@code direct}: {@code routees[i % 4].tell(m)}, the baseline;
 *   <li>{@code Atoll ref}: {@code LoadBalancers.router(...)}'s {@code ActorRef}, which routes on the
 *       sender's thread through Pekko's routed-ref machinery (no actor hop);
 *   <li>{@code Atoll sender}: {@code LoadBalancers.sender(...)}, the same routing called directly;
 *   <li>{@code Pekko group}: Pekko's typed {@code Routers.group(key).withRoundRobinRouting()}, an
 *       actor in front of the routees (one extra mailbox hop per message), for reference.
 * </ul>
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
        # A plain local ActorSystem measuring routers only: load no other Atoll module's extension
        # (their reference.conf files are on the benchmarks' class path too).
        pekko.actor.typed.library-extensions = ["dev.atoll.loadbalancer.LoadBalancers$Id"]
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

  /** One way of sending message {@code i} of a round. */
  interface Sender {
    void send(int i, Object message);
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
    java.util.function.Consumer<Object> sender = balancers.sender("bench", Object.class);
    awaitRoutees(balancers, routees.size());
    // Pekko's own typed group router over the same routees, for reference: an actor hop, no counters.
    ActorRef<Object> pekkoRouter = system.systemActorOf(
        Routers.group(LoadBalancers.serviceKey(Object.class, "bench")).withRoundRobinRouting(),
        "pekko-router-" + workNanos, org.apache.pekko.actor.typed.Props.empty());
    Thread.sleep(1000); // Pekko's router has no way to ask whether it has seen the listing yet

    String[] names = {"direct", "Atoll ref", "Atoll sender", "Pekko group"};
    Sender[] contenders = {
      (i, message) -> routees.get(i % ROUTEES).tell(message),
      (i, message) -> router.tell(message),
      (i, message) -> sender.accept(message),
      (i, message) -> pekkoRouter.tell(message)
    };
    for (int w = 0; w < 2; w++) { // warm-up: two rounds of each
      for (Sender contender : contenders) {
        round(routees, contender, messages / 2);
      }
    }
    double[][] perRound = new double[contenders.length][rounds];
    for (int r = 0; r < rounds; r++) {
      for (int c = 0; c < contenders.length; c++) {
        perRound[c][r] = round(routees, contenders[c], messages);
      }
    }
    double directMedian = median(perRound[0]);
    System.out.printf("work %5d ns/msg | direct %,10.0f msg/s", workNanos, directMedian);
    for (int c = 1; c < contenders.length; c++) {
      double[] paired = new double[rounds];
      for (int r = 0; r < rounds; r++) {
        paired[r] = perRound[c][r] / perRound[0][r];
      }
      System.out.printf(" | %s %,10.0f msg/s (ratio %.3f, paired %.3f)",
          names[c], median(perRound[c]), median(perRound[c]) / directMedian, median(paired));
    }
    System.out.println();
    System.out.println("    ratio = ratio of medians; paired = median of each round / the direct round just before it");
    for (int c = 0; c < contenders.length; c++) {
      System.out.printf("    %-12s rounds %s%n", names[c], format(perRound[c]));
    }

    for (ActorRef<Object> routee : routees) {
      balancers.deregisterRoutee("bench", Object.class, routee);
    }
    awaitRoutees(balancers, 0);
  }

  /** Messages per second of one round. */
  static double round(List<ActorRef<Object>> routees, Sender contender, int messages)
      throws InterruptedException {
    CountDownLatch done = new CountDownLatch(routees.size());
    for (ActorRef<Object> routee : routees) {
      routee.tell(new Expect(messages / routees.size(), done));
    }
    long start = System.nanoTime();
    for (int i = 0; i < messages; i++) {
      contender.send(i, new Work(i));
    }
    if (!done.await(120, TimeUnit.SECONDS)) {
      throw new IllegalStateException("round did not finish: messages lost?");
    }
    return messages / ((System.nanoTime() - start) / 1e9);
  }

  static Behavior<Object> routee(long iterations) {
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

  static void awaitRoutees(LoadBalancers balancers, int expected) throws Exception {
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
