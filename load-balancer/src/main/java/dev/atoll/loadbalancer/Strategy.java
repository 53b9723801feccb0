package dev.atoll.loadbalancer;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The routing strategies a router can be declared with ({@code atoll.load-balancer.routers.<name>.strategy}):
 * the built-in ones by name, or {@link #CUSTOM} for a {@link dev.atoll.loadbalancer.spi.RoutingStrategy}
 * class named by its fully-qualified name.
 *
 * @since 0.1.0
 */
public enum Strategy {
  /** Each routee in turn, in routee-id order: over {@code k * n} messages each of {@code n} routees gets exactly {@code k}. */
  ROUND_ROBIN("round-robin"),
  /** A uniformly random routee per message. */
  RANDOM("random"),
  /** The routee owning the message's {@link ConsistentHashable#hashKey()} on a ring of routees with virtual nodes. */
  CONSISTENT_HASH("consistent-hash"),
  /** Power of two choices: of two random routees, the one with fewer {@link RoutedRequest}s in flight. */
  LEAST_OUTSTANDING("least-outstanding"),
  /** Smooth weighted round-robin, weights by the routee's member address or role. */
  WEIGHTED("weighted"),
  /**
   * A {@link dev.atoll.loadbalancer.spi.RoutingStrategy} class of your own, declared by writing its
   * fully-qualified class name as {@code strategy} ({@link RouterSettings#strategyClass()} holds
   * it). Not a name to write in configuration: {@link #fromConfigName} never returns it.
   *
   * @since 0.1.0
   */
  CUSTOM("custom");

  private final String configName;

  Strategy(String configName) {
    this.configName = configName;
  }

  /** The name used in configuration, e.g. {@code round-robin}; {@code custom} for {@link #CUSTOM}. */
  public String configName() {
    return configName;
  }

  /** The built-in strategy named {@code configName}, exactly as written in configuration. */
  public static Optional<Strategy> fromConfigName(String configName) {
    return builtIn().stream().filter(s -> s.configName.equals(configName)).findFirst();
  }

  /** Every built-in strategy (all but {@link #CUSTOM}), in declaration order. */
  public static List<Strategy> builtIn() {
    return Arrays.stream(values()).filter(s -> s != CUSTOM).toList();
  }

  /** The config name of every built-in strategy, in declaration order. */
  public static List<String> configNames() {
    return builtIn().stream().map(Strategy::configName).toList();
  }
}
