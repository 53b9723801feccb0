package dev.atoll.loadbalancer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atoll.loadbalancer.ConsistentHashable;
import dev.atoll.loadbalancer.RouterSettings;
import dev.atoll.loadbalancer.Strategy;
import dev.atoll.loadbalancer.spi.Routee;
import dev.atoll.loadbalancer.spi.RoutingStrategy;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The MUSTs of {@link RoutingStrategy} that every built-in strategy holds, written once. */
class RoutingStrategyContractTest {

  record Keyed(String hashKey) implements ConsistentHashable {}

  static Stream<Strategy> strategies() {
    return Stream.of(Strategy.values());
  }

  private static RoutingStrategy create(Strategy strategy, long seed) {
    return Strategies.create(RouterSettings.group("contract", strategy, "contract").withSeed(seed));
  }

  @ParameterizedTest
  @MethodSource("strategies")
  void returnsNoRouteeForAnEmptyList(Strategy strategy) {
    RoutingStrategy routing = create(strategy, 1);
    routing.onRouteesChanged(List.of());
    assertThat(routing.select(new Keyed("k"), List.of(), index -> 0)).isEqualTo(RoutingStrategy.NO_ROUTEE);
  }

  @ParameterizedTest
  @MethodSource("strategies")
  void choosesAnIndexOfTheGivenListForEveryMessage(Strategy strategy) {
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
  void replaysExactlyWithTheSameSeed(Strategy strategy) {
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
