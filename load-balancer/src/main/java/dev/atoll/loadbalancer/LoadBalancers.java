package dev.atoll.loadbalancer;

import dev.atoll.framework.AtollConfigException;
import dev.atoll.loadbalancer.internal.MessageRouter;
import dev.atoll.loadbalancer.internal.RouterController;
import dev.atoll.loadbalancer.internal.RouterRef;
import dev.atoll.loadbalancer.internal.Strategies;
import dev.atoll.loadbalancer.spi.RoutingStrategy;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.jspecify.annotations.Nullable;

/**
 * The load balancer of one ActorSystem: the routers declared under {@code atoll.load-balancer.routers}.
 *
 * <pre>{@code
 * // application.conf:  atoll.load-balancer.routers.jobs { strategy = least-outstanding, service = "jobs" }
 * LoadBalancers balancers = LoadBalancers.get(system);           // validates every router declared
 * balancers.registerRoutee("jobs", Job.class, worker);           // on every node that runs workers
 * ActorRef<Job> jobs = balancers.router("jobs", Job.class);      // on any node
 * jobs.tell(new Job(...));
 * }</pre>
 *
 * <p><b>When configuration is checked.</b> The first {@code LoadBalancers.get(system)} reads and
 * validates every declared router, and throws an {@link AtollConfigException} listing each problem
 * with its config path (an unknown strategy, a missing {@code strategy} or {@code service}/{@code
 * pool-size}, an unknown key, a value out of range). Call it once while the node starts so that a
 * bad file stops the node rather than the first request. Each router is started on the first
 * {@link #router} or {@link #pool} call for its name and lives as long as the system.
 *
 * <p><b>What a router costs.</b> A router's {@code ActorRef} routes on the sender's thread: its
 * {@code tell} asks the strategy, counts, and tells the chosen routee directly, so a routed message
 * goes through one mailbox, the routee's, as a direct tell does. (The router's own actor only keeps
 * the routee set up to date.) Ask-style {@link RoutedRequest}s add a temporary reply actor, as any
 * ask does. The {@code ActorRef} itself costs a little (it is a Pekko function ref, the lightest
 * kind); {@link #sender} routes the same way without it, for tight loops outside actors.
 *
 * <p><b>Group and pool routers.</b> A group router ({@code service = "<id>"}) routes to every actor
 * registered with the Receptionist under {@link #serviceKey(Class, String)} on any node: register
 * routees with {@link #registerRoutee}. A pool router ({@code pool-size = n}) spawns its routees as
 * its own children; their behavior cannot be written in HOCON, so the code passes it to {@link
 * #pool}, and configuration supplies the rest (size, strategy, options).
 *
 * <p>Counters are read with {@link #stats(String)} and {@link #allStats()}; the node's management
 * endpoint serves the same {@link RouterStats} as JSON at {@code GET /atoll/routers} and {@code GET
 * /atoll/routers/<name>}.
 *
 * @since 0.1.0
 */
public final class LoadBalancers implements Extension {

  /** The extension's id; use {@link #get(ActorSystem)}. */
  public static final class Id extends ExtensionId<LoadBalancers> {
    private static final Id INSTANCE = new Id();

    private Id() {}

    /**
     * The singleton, for Pekko's extension loader: this module's reference.conf lists the id in
     * {@code pekko.actor.typed.library-extensions}, so the routers' configuration is validated when
     * the ActorSystem starts and an invalid one stops the start.
     */
    public static Id getInstance() {
      return INSTANCE;
    }

    @Override
    public LoadBalancers createExtension(ActorSystem<?> system) {
      return new LoadBalancers(system, LoadBalancerSettings.fromConfig(system.settings().config(), classLoaderOf(system)));
    }
  }

  private record StartedRouter(MessageRouter router, Class<?> messageClass, ActorRef<Object> ref) {}

  private final ActorSystem<?> system;
  private final LoadBalancerSettings settings;
  private final Map<String, StartedRouter> started = new ConcurrentHashMap<>();

  private LoadBalancers(ActorSystem<?> system, LoadBalancerSettings settings) {
    this.system = system;
    this.settings = settings;
  }

  /**
   * The load balancer of {@code system}, created (and its configuration validated) when the system
   * starts.
   *
   * @throws AtollConfigException if a router declared in the configuration is invalid
   */
  public static LoadBalancers get(ActorSystem<?> system) {
    return Id.INSTANCE.apply(system);
  }

  /** The Receptionist key routees of a group router over service {@code serviceId} register under. */
  public static <M> ServiceKey<M> serviceKey(Class<M> messageClass, String serviceId) {
    return ServiceKey.create(messageClass, serviceId);
  }

  /** Registers {@code routee} with the Receptionist under {@link #serviceKey(Class, String)}. */
  public <M> void registerRoutee(String serviceId, Class<M> messageClass, ActorRef<M> routee) {
    system.receptionist().tell(Receptionist.register(serviceKey(messageClass, serviceId), routee));
  }

  /** Removes {@code routee} from service {@code serviceId}; routers stop sending to it shortly after. */
  public <M> void deregisterRoutee(String serviceId, Class<M> messageClass, ActorRef<M> routee) {
    system.receptionist().tell(Receptionist.deregister(serviceKey(messageClass, serviceId), routee));
  }

  /** The validated settings of every router declared in configuration. */
  public LoadBalancerSettings settings() {
    return settings;
  }

  /**
   * The group router declared as {@code atoll.load-balancer.routers.<name>}, started on first call.
   *
   * @throws IllegalArgumentException if no router has that name, if it was started with another
   *     message class, or if it is a pool router (use {@link #pool})
   */
  public <M> ActorRef<M> router(String name, Class<M> messageClass) {
    StartedRouter running = started.get(name);
    if (running != null) {
      return checked(running, messageClass);
    }
    RouterSettings declared = declared(name);
    if (declared.isPool()) {
      throw new IllegalArgumentException("router \"" + name + "\" is a pool router (" + declared.describeRoutees()
          + "): its routees' behavior comes from code, start it with pool(\"" + name + "\", "
          + messageClass.getSimpleName() + ".class, behavior)");
    }
    return spawnOnce(declared, messageClass, null, () -> Strategies.create(declared, classLoaderOf(system)));
  }

  /**
   * The pool router declared as {@code atoll.load-balancer.routers.<name>} with {@code pool-size},
   * started on first call with {@code routeeBehavior} for each routee (later calls return the same
   * router and ignore the behavior).
   *
   * @throws IllegalArgumentException if no router has that name, if it was started with another
   *     message class, or if it is a group router (use {@link #router})
   */
  public <M> ActorRef<M> pool(String name, Class<M> messageClass, Behavior<M> routeeBehavior) {
    StartedRouter running = started.get(name);
    if (running != null) {
      return checked(running, messageClass);
    }
    RouterSettings declared = declared(name);
    if (!declared.isPool()) {
      throw new IllegalArgumentException("router \"" + name + "\" is a group router (" + declared.describeRoutees()
          + "): its routees register with the Receptionist, get it with router(\"" + name + "\", "
          + messageClass.getSimpleName() + ".class)");
    }
    return spawnOnce(declared, messageClass, routeeBehavior, () -> Strategies.create(declared, classLoaderOf(system)));
  }

  /**
   * Starts a router declared in code rather than configuration (tests, benchmarks, routers whose
   * settings are computed), with the strategy its settings name. {@code routeeBehavior} is required
   * for a pool router and ignored for a group router.
   *
   * @throws IllegalArgumentException if a router of that name is declared in configuration or
   *     already started
   */
  public <M> ActorRef<M> start(RouterSettings router, Class<M> messageClass, @Nullable Behavior<M> routeeBehavior) {
    return start(router, messageClass, routeeBehavior, () -> Strategies.create(router, classLoaderOf(system)));
  }

  /**
   * Starts a router declared in code with a {@link RoutingStrategy} of your own; {@code
   * router.strategy()} is then only the label its {@link RouterStats} carry. {@code strategy} is
   * called once, when the router starts, which then owns the instance (the SPI's one-call-at-a-time
   * guarantee holds only if no one else calls it).
   *
   * @throws IllegalArgumentException as {@link #start(RouterSettings, Class, Behavior)}
   */
  public <M> ActorRef<M> start(
      RouterSettings router,
      Class<M> messageClass,
      @Nullable Behavior<M> routeeBehavior,
      Supplier<RoutingStrategy> strategy) {
    if (settings.router(router.name()).isPresent() || started.containsKey(router.name())) {
      throw new IllegalArgumentException("router \"" + router.name() + "\" already exists");
    }
    if (router.isPool() && routeeBehavior == null) {
      throw new IllegalArgumentException("router \"" + router.name() + "\" is a pool router: pass the routees' behavior");
    }
    return spawnOnce(router, messageClass, router.isPool() ? routeeBehavior : null, strategy);
  }

  /**
   * A {@code Consumer} that routes each message it accepts through the started router {@code name}
   * exactly as a {@code tell} to the router's {@code ActorRef} does (same routees, strategy,
   * counters, error replies and dead letters), minus the small cost of that {@code ActorRef} (the
   * adapter and function-ref calls before the routing runs; see benchmarks/RESULTS.md). For code
   * that sends many messages from outside an actor protocol, e.g. a request handler or a load
   * generator. It is not an {@code ActorRef}: it cannot be sent to another node, watched, or asked;
   * use {@link #router} for that.
   *
   * @throws IllegalArgumentException if no router of that name has been started (start it with
   *     {@link #router}, {@link #pool} or {@link #start}), or if it routes another message class
   */
  public <M> Consumer<M> sender(String name, Class<M> messageClass) {
    StartedRouter running = started.get(name);
    if (running == null) {
      throw new IllegalArgumentException("router \"" + name + "\" has not been started on " + system.address()
          + " (started: " + started.keySet() + "); start it with router(...) or pool(...) first");
    }
    checked(running, messageClass);
    MessageRouter routing = running.router();
    return routing::route;
  }

  /**
   * A snapshot of a started router's counters. The counters are read at once, on the calling
   * thread: the stage is already complete (it stays a {@code CompletionStage} so that callers do
   * not depend on that).
   *
   * @throws IllegalArgumentException if no router of that name has been started
   */
  public CompletionStage<RouterStats> stats(String name) {
    StartedRouter running = started.get(name);
    if (running == null) {
      throw new IllegalArgumentException("router \"" + name + "\" has not been started on " + system.address()
          + " (started: " + started.keySet() + ")");
    }
    return CompletableFuture.completedStage(running.router().stats());
  }

  /** The counters of every router started on this system, in name order. */
  public List<RouterStats> allStats() {
    return started.values().stream()
        .map(running -> running.router().stats())
        .sorted(Comparator.comparing(RouterStats::router))
        .toList();
  }

  /** The names of the routers started on this system so far. */
  public Set<String> startedRouters() {
    return Set.copyOf(started.keySet());
  }

  private RouterSettings declared(String name) {
    Optional<RouterSettings> declared = settings.router(name);
    if (declared.isEmpty()) {
      throw new IllegalArgumentException("no router \"" + name + "\" is declared under "
          + LoadBalancerSettings.ROOT + ".routers (declared: " + settings.routers().keySet() + ")");
    }
    return declared.get();
  }

  private synchronized <M> ActorRef<M> spawnOnce(
      RouterSettings router,
      Class<M> messageClass,
      @Nullable Behavior<M> behavior,
      Supplier<RoutingStrategy> strategy) {
    StartedRouter running = started.get(router.name());
    if (running == null) {
      MessageRouter routing = new MessageRouter(router, messageClass, strategy.get(), system);
      String actorName = "atoll-router-" + router.name();
      ActorRef<RouterController.Command> controller =
          system.systemActorOf(RouterController.create(routing, messageClass, behavior), actorName, org.apache.pekko.actor.typed.Props.empty());
      ActorRef<Object> ref = RouterRef.create(system, actorName, routing, controller);
      running = new StartedRouter(routing, messageClass, ref);
      started.put(router.name(), running);
    }
    return checked(running, messageClass);
  }

  private static ClassLoader classLoaderOf(ActorSystem<?> system) {
    return ((ExtendedActorSystem) system.classicSystem()).dynamicAccess().classLoader();
  }

  @SuppressWarnings("unchecked")
  private static <M> ActorRef<M> checked(StartedRouter running, Class<M> messageClass) {
    if (!running.messageClass().equals(messageClass)) {
      throw new IllegalArgumentException("router \"" + running.router().settings().name() + "\" routes "
          + running.messageClass().getName() + ", not " + messageClass.getName());
    }
    return (ActorRef<M>) (ActorRef<?>) running.ref();
  }
}
