package dev.atoll.loadbalancer;

import java.util.Map;
import java.util.SortedSet;

/**
 * Weights of a {@code weighted} router. A routee's weight is the weight of its member's {@code
 * host:port} if listed in {@link #byAddress}, else the largest weight among its member's roles listed
 * in {@link #byRole}, else {@link #defaultWeight}. Weight 0 means "send nothing there".
 *
 * @since 0.1.0
 */
public record WeightSettings(int defaultWeight, Map<String, Integer> byRole, Map<String, Integer> byAddress) {

  public WeightSettings {
    byRole = Map.copyOf(byRole);
    byAddress = Map.copyOf(byAddress);
  }

  /** Every routee weighs 1: plain round-robin. */
  public static WeightSettings uniform() {
    return new WeightSettings(1, Map.of(), Map.of());
  }

  public WeightSettings withDefaultWeight(int weight) {
    return new WeightSettings(weight, byRole, byAddress);
  }

  public WeightSettings withRoleWeight(String role, int weight) {
    Map<String, Integer> next = new java.util.HashMap<>(byRole);
    next.put(role, weight);
    return new WeightSettings(defaultWeight, next, byAddress);
  }

  public WeightSettings withAddressWeight(String hostPort, int weight) {
    Map<String, Integer> next = new java.util.HashMap<>(byAddress);
    next.put(hostPort, weight);
    return new WeightSettings(defaultWeight, byRole, next);
  }

  /** The weight of a routee on member {@code hostPort} with {@code roles}. */
  public int weightOf(String hostPort, SortedSet<String> roles) {
    Integer byHost = byAddress.get(hostPort);
    if (byHost != null) {
      return byHost;
    }
    int best = -1;
    for (String role : roles) {
      Integer weight = byRole.get(role);
      if (weight != null && weight > best) {
        best = weight;
      }
    }
    return best >= 0 ? best : defaultWeight;
  }
}
