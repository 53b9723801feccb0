package dev.atoll.loadbalancer;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The routing strategies a router can be declared with ({@code atoll.load-balancer.routers.<name>.strategy}).
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
  WEIGHTED("weighted");

  private final String configName;

  Strategy(String configName) {
    this.configName = configName;
  }

  /** The name used in configuration, e.g. {@code round-robin}. */
  public String configName() {
    return configName;
  }

  /** The strategy named {@code configName}, exactly as written in configuration. */
  public static Optional<Strategy> fromConfigName(String configName) {
    return Arrays.stream(values()).filter(s -> s.configName.equals(configName)).findFirst();
  }

  /** Every config name, in declaration order. */
  public static List<String> configNames() {
    return Arrays.stream(values()).map(Strategy::configName).toList();
  }
}
