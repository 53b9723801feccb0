package dev.atoll.benchmarks.loadbalancer;

import com.typesafe.config.ConfigFactory;
import dev.atoll.benchmarks.harness.Contender;
import dev.atoll.benchmarks.harness.RoundSettings;
import dev.atoll.benchmarks.harness.Scenario;
import dev.atoll.loadbalancer.LoadBalancers;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Routers;

/**
 * The {@code router-throughput} scenario: messages per second from one sender thread to four
 * routees doing 1 µs of CPU work each, through Atoll's round-robin router ({@code
 * LoadBalancers.router}'s {@code ActorRef}) against telling the routees directly (the sender's own
 * round-robin over an array) and against Pekko's typed group router. The workload of {@link
 * RouterThroughputBenchmark}, whose main also measures 0 and 5 µs and {@code LoadBalancers.sender}.
 */
public final class RouterThroughputScenario implements Scenario {

  /** CPU work per message: with none, the one sender thread is the bottleneck and every ns of routing shows. */
  private static final long WORK_NANOS = 1000;

  @Override
  public String name() {
    return "router-throughput";
  }

  @Override
  public String description() {
    return "msg/s from one thread to 4 routees (1 us of work per message): Atoll round-robin router vs direct tells "
        + "and Pekko's typed group router";
  }

  @Override
  public String unit() {
    return "msg/s";
  }

  @Override
  public boolean higherIsBetter() {
    return true;
  }

  @Override
  public List<Contender> contenders() throws Exception {
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "router-bench", ConfigFactory.parseString("""
        pekko.loglevel = WARNING
        # A plain local ActorSystem measuring routers only: load no other Atoll module's extension.
        pekko.actor.typed.library-extensions = ["dev.atoll.loadbalancer.LoadBalancers$Id"]
        atoll.load-balancer.routers.bench { strategy = round-robin, service = "bench" }
        """).withFallback(ConfigFactory.load()));
    try {
      long iterations = CpuWork.iterationsFor(WORK_NANOS);
      LoadBalancers balancers = LoadBalancers.get(system);
      List<ActorRef<Object>> routees = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        ActorRef<Object> routee = system.systemActorOf(RouterThroughputBenchmark.routee(iterations), "routee-" + i, Props.empty());
        routees.add(routee);
        balancers.registerRoutee("bench", Object.class, routee);
      }
      ActorRef<Object> router = balancers.router("bench", Object.class);
      RouterThroughputBenchmark.awaitRoutees(balancers, routees.size());
      ActorRef<Object> pekkoRouter = system.systemActorOf(
          Routers.group(LoadBalancers.serviceKey(Object.class, "bench")).withRoundRobinRouting(), "pekko-router", Props.empty());
      AtomicInteger open = new AtomicInteger(3);
      return List.of(
          new Side("atoll-router", routees, (i, m) -> router.tell(m), system, open),
          new Side("direct", routees, (i, m) -> routees.get(i % routees.size()).tell(m), system, open),
          new Side("pekko-group-router", routees, (i, m) -> pekkoRouter.tell(m), system, open));
    } catch (Exception | Error e) {
      system.terminate();
      throw e;
    }
  }

  /** One way of sending; the shared ActorSystem stops when the last side closes. */
  private record Side(String name, List<ActorRef<Object>> routees, RouterThroughputBenchmark.Sender sender,
      ActorSystem<Void> system, AtomicInteger open) implements Contender {
    @Override
    public double runRound(RoundSettings round) throws Exception {
      // Pekko's group router learns its routees from the receptionist a moment after it starts; a
      // round whose messages it dropped would never finish, so the first round runs after warm-up.
      return RouterThroughputBenchmark.round(routees, sender, round.quick() ? 100_000 : 400_000);
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
