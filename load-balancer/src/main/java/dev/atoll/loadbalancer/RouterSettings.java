package dev.atoll.loadbalancer;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One router as declared under {@code atoll.load-balancer.routers.<name>}, validated. Exactly one of
 * {@link #service()} (a group router over every routee registered with the Receptionist under that
 * id, on every node) and {@link #poolSize()} (a pool of routees spawned as the router's children on
 * this node, their behavior given in code) is present.
 *
 * @param name the router's name, the key under {@code routers}
 * @param strategy how it picks a routee; {@link Strategy#CUSTOM} when {@code strategyClass} is set
 * @param strategyClass the fully-qualified name of the {@link dev.atoll.loadbalancer.spi.RoutingStrategy}
 *     class of a {@link Strategy#CUSTOM} router, present exactly when the strategy is {@code CUSTOM}
 * @param service the Receptionist service id of a group router
 * @param poolSize the number of routees of a pool router
 * @param replyTimeout how long a {@link RoutedRequest} may stay unanswered before the sender gets an error
 * @param virtualNodes points per routee on the ring of a consistent-hash router
 * @param seed the seed of the random source of random and least-outstanding routers; empty: a fresh
 *     seed per router
 * @param weights the weights of a weighted router
 * @since 0.1.0
 */
public record RouterSettings(
    String name,
    Strategy strategy,
    Optional<String> strategyClass,
    Optional<String> service,
    OptionalInt poolSize,
    Duration replyTimeout,
    int virtualNodes,
    OptionalLong seed,
    WeightSettings weights) {

  public RouterSettings {
    if ((strategy == Strategy.CUSTOM) != strategyClass.isPresent()) {
      throw new IllegalArgumentException("router \"" + name + "\": strategy " + strategy
          + (strategyClass.isPresent() ? " with strategyClass " + strategyClass.get() : " without strategyClass")
          + "; a custom strategy is set with withStrategyClass(\"com.example.MyStrategy\")");
    }
  }

  /** A group router over Receptionist service {@code serviceId}, with this module's defaults. */
  public static RouterSettings group(String name, Strategy strategy, String serviceId) {
    return new RouterSettings(
        name, strategy, Optional.empty(), Optional.of(serviceId), OptionalInt.empty(), Duration.ofSeconds(10), 100,
        OptionalLong.empty(), WeightSettings.uniform());
  }

  /** A pool router of {@code size} local routees, with this module's defaults. */
  public static RouterSettings pool(String name, Strategy strategy, int size) {
    return new RouterSettings(
        name, strategy, Optional.empty(), Optional.empty(), OptionalInt.of(size), Duration.ofSeconds(10), 100,
        OptionalLong.empty(), WeightSettings.uniform());
  }

  public boolean isPool() {
    return poolSize.isPresent();
  }

  /**
   * A copy that routes with the {@link dev.atoll.loadbalancer.spi.RoutingStrategy} class {@code
   * className} (strategy {@link Strategy#CUSTOM}); the class is loaded when the router starts.
   */
  public RouterSettings withStrategyClass(String className) {
    return new RouterSettings(
        name, Strategy.CUSTOM, Optional.of(className), service, poolSize, replyTimeout, virtualNodes, seed, weights);
  }

  /** {@code round-robin}, or the class name of a custom strategy, for logs, errors and the management API. */
  public String describeStrategy() {
    return strategyClass.orElseGet(strategy::configName);
  }

  public RouterSettings withReplyTimeout(Duration timeout) {
    return new RouterSettings(name, strategy, strategyClass, service, poolSize, timeout, virtualNodes, seed, weights);
  }

  public RouterSettings withVirtualNodes(int points) {
    return new RouterSettings(name, strategy, strategyClass, service, poolSize, replyTimeout, points, seed, weights);
  }

  public RouterSettings withSeed(long newSeed) {
    return new RouterSettings(
        name, strategy, strategyClass, service, poolSize, replyTimeout, virtualNodes, OptionalLong.of(newSeed), weights);
  }

  public RouterSettings withWeights(WeightSettings newWeights) {
    return new RouterSettings(name, strategy, strategyClass, service, poolSize, replyTimeout, virtualNodes, seed, newWeights);
  }

  /** {@code group(service=jobs)} or {@code pool(4)}, for logs and errors. */
  public String describeRoutees() {
    return service.map(s -> "group(service=" + s + ")").orElseGet(() -> "pool(" + poolSize.getAsInt() + ")");
  }
}
