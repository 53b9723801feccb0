package dev.atoll.loadbalancer.internal;

import dev.atoll.loadbalancer.WeightSettings;
import dev.atoll.loadbalancer.spi.InFlight;
import dev.atoll.loadbalancer.spi.Routee;
import dev.atoll.loadbalancer.spi.RoutingStrategy;
import java.util.List;
import java.util.Optional;

/**
 * Smooth weighted round-robin (as in nginx): every pick adds each routee's weight to its current
 * score and takes the highest score, which then pays back the total weight. Over any window of
 * {@code sum(weights)} messages each routee gets exactly its weight, interleaved rather than in
 * bursts. Routees of weight 0 get nothing.
 */
public final class WeightedStrategy implements RoutingStrategy {

  private final WeightSettings settings;
  private int[] weights = new int[0];
  private long[] scores = new long[0];
  private long totalWeight;

  public WeightedStrategy(WeightSettings settings) {
    this.settings = settings;
  }

  @Override
  public void onRouteesChanged(List<Routee> routees) {
    weights = new int[routees.size()];
    scores = new long[routees.size()];
    totalWeight = 0;
    for (int i = 0; i < weights.length; i++) {
      Routee routee = routees.get(i);
      weights[i] = settings.weightOf(routee.hostPort(), routee.roles());
      totalWeight += weights[i];
    }
  }

  @Override
  public Optional<String> cannotRoute(Object message) {
    return weights.length > 0 && totalWeight == 0
        ? Optional.of("every routee has weight 0 (see the router's weighted block)")
        : Optional.empty();
  }

  @Override
  public int select(Object message, List<Routee> routees, InFlight inFlight) {
    if (routees.isEmpty() || totalWeight == 0) {
      return NO_ROUTEE;
    }
    int best = -1;
    for (int i = 0; i < scores.length; i++) {
      if (weights[i] == 0) {
        continue;
      }
      scores[i] += weights[i];
      if (best < 0 || scores[i] > scores[best]) {
        best = i;
      }
    }
    scores[best] -= totalWeight;
    return best;
  }
}
