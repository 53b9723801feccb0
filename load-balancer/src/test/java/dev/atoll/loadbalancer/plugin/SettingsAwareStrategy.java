package dev.atoll.loadbalancer.plugin;

import dev.atoll.loadbalancer.RouterSettings;
import dev.atoll.loadbalancer.spi.InFlight;
import dev.atoll.loadbalancer.spi.Routee;
import dev.atoll.loadbalancer.spi.RoutingStrategy;
import java.util.List;

/** A plugin strategy that reads its router's settings: the routee at index {@code seed mod size}. */
public final class SettingsAwareStrategy implements RoutingStrategy {

  private final RouterSettings settings;

  public SettingsAwareStrategy(RouterSettings settings) {
    this.settings = settings;
  }

  public RouterSettings settings() {
    return settings;
  }

  @Override
  public int select(Object message, List<Routee> routees, InFlight inFlight) {
    return routees.isEmpty() ? NO_ROUTEE : Math.floorMod(settings.seed().orElse(0), routees.size());
  }
}
