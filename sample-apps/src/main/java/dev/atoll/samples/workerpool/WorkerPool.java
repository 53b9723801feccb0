package dev.atoll.samples.workerpool;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.atoll.loadbalancer.LoadBalancers;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;

/**
 * The worker-pool sample: every node runs a few {@link Worker}s and registers them as routees of
 * the service {@value #SERVICE}; the router {@value #ROUTER}, declared in HOCON
 * ({@code worker-pool.conf}), spreads jobs over the workers of every node. Switching the strategy
 * (round-robin, random, least-outstanding, ...) is a config change only.
 */
public final class WorkerPool {

  /** The Receptionist service the workers register under. */
  public static final String SERVICE = "worker-pool";

  /** The router declared in worker-pool.conf. */
  public static final String ROUTER = "jobs";

  private WorkerPool() {}

  /** The sample's configuration: its router declaration, to put in front of the node's config. */
  public static Config config() {
    return ConfigFactory.parseResources(WorkerPool.class.getClassLoader(), "worker-pool.conf");
  }

  /**
   * Starts {@code workers} workers on this node, registers them, and returns the router that
   * spreads jobs over the workers of every node.
   */
  public static ActorRef<Job> start(ActorSystem<?> system, int workers) {
    LoadBalancers balancers = LoadBalancers.get(system);
    String node = system.address().hostPort();
    for (int i = 0; i < workers; i++) {
      String name = node + "/worker-" + i;
      ActorRef<Job> worker = system.systemActorOf(Worker.create(name), "worker-" + i, Props.empty());
      balancers.registerRoutee(SERVICE, Job.class, worker);
    }
    return balancers.router(ROUTER, Job.class);
  }
}
