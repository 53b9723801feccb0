package dev.atoll.loadbalancer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atoll.loadbalancer.ConsistentHashable;
import dev.atoll.loadbalancer.RouterSettings;
import dev.atoll.loadbalancer.Strategy;
import dev.atoll.loadbalancer.plugin.LastRouteeStrategy;
import dev.atoll.loadbalancer.plugin.SettingsAwareStrategy;
import dev.atoll.loadbalancer.spi.Routee;
import dev.atoll.loadbalancer.spi.RoutingStrategy;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The MUSTs of {@link RoutingStrategy} that every built-in strategy holds, written once. */
class RoutingStrategyContractTest {

  record Keyed(String hashKey) implements ConsistentHashable {}

  /** Every built-in strategy by its config name, and plugin strategies by class name. */
  static Stream<String> strategies() {
    return Stream.concat(
        Strategy.configNames().stream(),
        Stream.of(LastRouteeStrategy.class.getName(), SettingsAwareStrategy.class.getName()));
  }

  private static RoutingStrategy create(String strategy, long seed) {
    RouterSettings settings = RouterSettings.group("contract", Strategy.ROUND_ROBIN, "contract").withSeed(seed);
    return Strategies.create(Strategy.fromConfigName(strategy)
        .map(builtIn -> RouterSettings.group("contract", builtIn, "contract").withSeed(seed))
        .orElseGet(() -> settings.withStrategyClass(strategy)));
  }

  @ParameterizedTest
  @MethodSource("strategies")
  void returnsNoRouteeForAnEmptyList(String strategy) {
    RoutingStrategy routing = create(strategy, 1);
    routing.onRouteesChanged(List.of());
    assertThat(routing.select(new Keyed("k"), List.of(), index -> 0)).isEqualTo(RoutingStrategy.NO_ROUTEE);
  }

  @ParameterizedTest
  @MethodSource("strategies")
  void choosesAnIndexOfTheGivenListForEveryMessage(String strategy) {
    RoutingStrategy routing = create(strategy, 2);
    for (int size = 1; size <= 9; size++) {
      List<Routee> routees = Routees.of(size);
      routing.onRouteesChanged(routees);
      for (int m = 0; m < 500; m++) {
        assertThat(routing.select(new Keyed("key-" + m), routees, index -> index % 3))
            .isBetween(0, size - 1);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("strategies")
  void replaysExactlyWithTheSameSeed(String strategy) {
    List<Routee> routees = Routees.of(5);
    RoutingStrategy first = create(strategy, 42);
    RoutingStrategy second = create(strategy, 42);
    first.onRouteesChanged(routees);
    second.onRouteesChanged(routees);
    for (int m = 0; m < 1000; m++) {
      Keyed message = new Keyed("key-" + m);
      assertThat(first.select(message, routees, index -> index))
          .isEqualTo(second.select(message, routees, index -> index));
    }
  }
}
