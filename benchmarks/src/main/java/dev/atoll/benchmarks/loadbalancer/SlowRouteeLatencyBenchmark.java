package dev.atoll.benchmarks.loadbalancer;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.atoll.loadbalancer.LoadBalancers;
import dev.atoll.loadbalancer.RoutedRequest;
import dev.atoll.loadbalancer.RouterStats;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.pattern.StatusReply;

/**
 * Request latency through a router over four routees of which one is slow: three answer at once,
 * the fourth serves one request at a time and takes {@code slowMillis} for each (it blocks its own
 * one-thread dispatcher, as a routee stuck on a slow disk or service would). A closed-loop client
 * keeps {@code concurrency} requests in flight for {@code seconds} per round and records each
 * request's latency in an HdrHistogram. Rounds of least-outstanding and round-robin alternate.
 *
 * <p>Usage: {@code SlowRouteeLatencyBenchmark [concurrency=16] [seconds=5] [rounds=3] [slowMillis=2]}
 */
public final class SlowRouteeLatencyBenchmark {

  /** A request stamped with its send time, so the reply alone gives the latency. */
  record Request(long sentNanos, ActorRef<StatusReply<Long>> replyTo) implements RoutedRequest<Long> {
    @Override
    public Request withReplyTo(ActorRef<StatusReply<Long>> newReplyTo) {
      return new Request(sentNanos, newReplyTo);
    }
  }

  record Result(Histogram latencies, long requests, double seconds) {}

  public static void main(String[] args) throws Exception {
    int concurrency = args.length > 0 ? Integer.parseInt(args[0]) : 16;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    long slowMillis = args.length > 3 ? Long.parseLong(args[3]) : 2;

    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "bench", config());
    try {
      LoadBalancers balancers = LoadBalancers.get(system);
      for (int i = 0; i < 3; i++) {
        balancers.registerRoutee("latency", Request.class, system.systemActorOf(fast(), "fast-" + i, Props.empty()));
      }
      balancers.registerRoutee("latency", Request.class, system.systemActorOf(
          slow(slowMillis), "slow", DispatcherSelector.fromConfig("slow-routee-dispatcher")));
      List<String> names = List.of("least-outstanding", "round-robin");
      for (String name : names) {
        balancers.router(name, Request.class);
        awaitRoutees(balancers, name, 4);
      }
      System.out.printf("one slow routee (%d ms per request, one at a time) among four; closed loop, %d in flight, "
          + "%d s per round, %d rounds each%n", slowMillis, concurrency, seconds, rounds);

      for (String name : names) { // warm-up
        run(system, balancers.router(name, Request.class), concurrency, 2);
      }
      List<List<Result>> results = List.of(new ArrayList<>(), new ArrayList<>());
      for (int r = 0; r < rounds; r++) {
        for (int n = 0; n < names.size(); n++) {
          results.get(n).add(run(system, balancers.router(names.get(n), Request.class), concurrency, seconds));
        }
      }
      for (int n = 0; n < names.size(); n++) {
        RouterStats stats = balancers.stats(names.get(n)).toCompletableFuture().get(5, TimeUnit.SECONDS);
        long slowSent = stats.routees().stream().filter(r -> r.routeeId().endsWith("/slow"))
            .mapToLong(RouterStats.RouteeStats::sent).sum();
        System.out.printf("%-17s | p50 %s ms | p99 %s ms | p99.9 %s ms | max %s ms | %s req/s | slow routee got %.1f%%%n",
            names.get(n),
            medianOf(results.get(n), h -> h.getValueAtPercentile(50)),
            medianOf(results.get(n), h -> h.getValueAtPercentile(99)),
            medianOf(results.get(n), h -> h.getValueAtPercentile(99.9)),
            medianOf(results.get(n), Histogram::getMaxValue),
            String.format("%,.0f", results.get(n).stream().mapToDouble(x -> x.requests() / x.seconds()).sorted()
                .toArray()[results.get(n).size() / 2]),
            100.0 * slowSent / stats.sent());
      }
      System.out.println("(latency figures: median over rounds of each round's percentile)");
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  private static String medianOf(List<Result> results, java.util.function.ToLongFunction<Histogram> statistic) {
    long[] values = results.stream().mapToLong(r -> statistic.applyAsLong(r.latencies())).sorted().toArray();
    return String.format("%.2f", values[values.length / 2] / 1e6);
  }

  static Result run(ActorSystem<Void> system, ActorRef<Request> router, int concurrency, int seconds)
      throws Exception {
    CompletableFuture<Result> done = new CompletableFuture<>();
    system.systemActorOf(client(router, concurrency, seconds, done), "client-" + System.nanoTime(), Props.empty());
    return done.get(seconds + 60L, TimeUnit.SECONDS);
  }

  /** Keeps {@code concurrency} requests in flight for {@code seconds}, then waits for the last replies. */
  private static Behavior<StatusReply<Long>> client(
      ActorRef<Request> router, int concurrency, int seconds, CompletableFuture<Result> done) {
    return Behaviors.setup(context -> {
      Histogram latencies = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
      long start = System.nanoTime();
      long end = start + TimeUnit.SECONDS.toNanos(seconds);
      long[] outstanding = {concurrency};
      for (int i = 0; i < concurrency; i++) {
        router.tell(new Request(System.nanoTime(), context.getSelf()));
      }
      return Behaviors.receiveMessage(reply -> {
        long now = System.nanoTime();
        if (reply.isError()) {
          throw new IllegalStateException("request failed: " + reply.getError().getMessage());
        }
        latencies.recordValue(now - reply.getValue());
        if (now < end) {
          router.tell(new Request(now, context.getSelf()));
        } else if (--outstanding[0] == 0) {
          done.complete(new Result(latencies, latencies.getTotalCount(), (now - start) / 1e9));
          return Behaviors.stopped();
        }
        return Behaviors.same();
      });
    });
  }

  /** The benchmark's config: its two routers over the service "latency", and the slow routee's dispatcher. */
  static Config config() {
    return ConfigFactory.parseString("""
        pekko.loglevel = WARNING
        # A plain local ActorSystem measuring routers only: load no other Atoll module's extension
        # (their reference.conf files are on the benchmarks' class path too).
        pekko.actor.typed.library-extensions = ["dev.atoll.loadbalancer.LoadBalancers$Id"]
        slow-routee-dispatcher { type = PinnedDispatcher, executor = thread-pool-executor }
        atoll.load-balancer.routers {
          least-outstanding { strategy = least-outstanding, service = "latency", seed = 1 }
          round-robin       { strategy = round-robin,       service = "latency" }
        }
        """).withFallback(ConfigFactory.load());
  }

  static Behavior<Request> fast() {
    return Behaviors.receiveMessage(request -> {
      request.replyTo().tell(StatusReply.success(request.sentNanos()));
      return Behaviors.same();
    });
  }

  /** Serves one request at a time, each taking {@code millis} on its own pinned thread. */
  static Behavior<Request> slow(long millis) {
    return Behaviors.receiveMessage(request -> {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(millis)); // the simulated slow call
      request.replyTo().tell(StatusReply.success(request.sentNanos()));
      return Behaviors.same();
    });
  }

  static void awaitRoutees(LoadBalancers balancers, String router, int expected) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      RouterStats stats = balancers.stats(router).toCompletableFuture().get(5, TimeUnit.SECONDS);
      if (stats.routees().stream().filter(RouterStats.RouteeStats::eligible).count() == expected) {
        return;
      }
      Thread.sleep(20); // polling the receptionist's listing, outside any measured window
    }
    throw new IllegalStateException("router " + router + " did not see " + expected + " routees");
  }

}
