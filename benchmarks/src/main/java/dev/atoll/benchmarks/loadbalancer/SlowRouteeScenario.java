package dev.atoll.benchmarks.loadbalancer;

import dev.atoll.benchmarks.harness.Contender;
import dev.atoll.benchmarks.harness.RoundSettings;
import dev.atoll.benchmarks.harness.Scenario;
import dev.atoll.loadbalancer.LoadBalancers;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Routers;

/**
 * The {@code slow-routee-p99} scenario: p99 request latency with one of four routees slow (2 ms per
 * request, one at a time), 16 requests in flight: Atoll's least-outstanding router against
 * round-robin, Atoll's and Pekko's typed group router. The workload of {@link
 * SlowRouteeLatencyBenchmark}.
 */
public final class SlowRouteeScenario implements Scenario {

  private static final int CONCURRENCY = 16;
  private static final long SLOW_MILLIS = 2;

  @Override
  public String name() {
    return "slow-routee-p99";
  }

  @Override
  public String description() {
    return "p99 ms of requests to 4 routees, one taking 2 ms each, 16 in flight: Atoll least-outstanding vs "
        + "round-robin (Atoll's and Pekko's typed group router)";
  }

  @Override
  public String unit() {
    return "ms";
  }

  @Override
  public boolean higherIsBetter() {
    return false;
  }

  @Override
  public List<Contender> contenders() throws Exception {
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "slow-routee-bench", SlowRouteeLatencyBenchmark.config());
    try {
      LoadBalancers balancers = LoadBalancers.get(system);
      for (int i = 0; i < 3; i++) {
        balancers.registerRoutee("latency", SlowRouteeLatencyBenchmark.Request.class,
            system.systemActorOf(SlowRouteeLatencyBenchmark.fast(), "fast-" + i, Props.empty()));
      }
      balancers.registerRoutee("latency", SlowRouteeLatencyBenchmark.Request.class, system.systemActorOf(
          SlowRouteeLatencyBenchmark.slow(SLOW_MILLIS), "slow", DispatcherSelector.fromConfig("slow-routee-dispatcher")));
      ActorRef<SlowRouteeLatencyBenchmark.Request> leastOutstanding =
          balancers.router("least-outstanding", SlowRouteeLatencyBenchmark.Request.class);
      ActorRef<SlowRouteeLatencyBenchmark.Request> roundRobin =
          balancers.router("round-robin", SlowRouteeLatencyBenchmark.Request.class);
      SlowRouteeLatencyBenchmark.awaitRoutees(balancers, "least-outstanding", 4);
      SlowRouteeLatencyBenchmark.awaitRoutees(balancers, "round-robin", 4);
      ActorRef<SlowRouteeLatencyBenchmark.Request> pekko = system.systemActorOf(
          Routers.group(LoadBalancers.serviceKey(SlowRouteeLatencyBenchmark.Request.class, "latency")).withRoundRobinRouting(),
          "pekko-round-robin", Props.empty());
      AtomicInteger open = new AtomicInteger(3);
      return List.of(
          new Side("atoll-least-outstanding", leastOutstanding, system, open),
          new Side("atoll-round-robin", roundRobin, system, open),
          new Side("pekko-group-round-robin", pekko, system, open));
    } catch (Exception | Error e) {
      system.terminate();
      throw e;
    }
  }

  /** One router; the shared ActorSystem stops when the last side closes. */
  private record Side(String name, ActorRef<SlowRouteeLatencyBenchmark.Request> router, ActorSystem<Void> system,
      AtomicInteger open) implements Contender {
    @Override
    public double runRound(RoundSettings round) throws Exception {
      SlowRouteeLatencyBenchmark.Result result = SlowRouteeLatencyBenchmark.run(
          system, router, CONCURRENCY, (int) Math.max(1, round.roundLength().toSeconds()));
      return result.latencies().getValueAtPercentile(99) / 1e6;
    }

    @Override
    public void close() throws Exception {
      if (open.decrementAndGet() == 0) {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
    }
  }
}
