package dev.atoll.loadbalancer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atoll.loadbalancer.WeightSettings;
import dev.atoll.loadbalancer.spi.Routee;
import dev.atoll.loadbalancer.spi.RoutingStrategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLongArray;
import org.apache.pekko.actor.Address;
import org.junit.jupiter.api.Test;

/** What each strategy promises about the spread of messages, measured over many messages. */
class StrategiesTest {

  private static final Object MESSAGE = "message";

  @Test
  void roundRobinSpreadsExactlyEvenly() {
    List<Routee> routees = Routees.of(7);
    RoundRobinStrategy strategy = new RoundRobinStrategy();
    strategy.onRouteesChanged(routees);
    long[] counts = new long[routees.size()];
    for (int m = 0; m < 7 * 1000; m++) {
      counts[strategy.select(MESSAGE, routees, index -> 0)]++;
    }
    assertThat(counts).containsOnly(1000L);
  }

  @Test
  void roundRobinStaysExactlyEvenAfterTheRouteeSetShrinks() {
    RoundRobinStrategy strategy = new RoundRobinStrategy();
    List<Routee> seven = Routees.of(7);
    strategy.onRouteesChanged(seven);
    for (int m = 0; m < 5; m++) {
      strategy.select(MESSAGE, seven, index -> 0); // leaves the position in the middle of a round
    }
    List<Routee> three = seven.subList(0, 3);
    strategy.onRouteesChanged(three);
    long[] counts = new long[3];
    for (int m = 0; m < 3 * 100; m++) {
      counts[strategy.select(MESSAGE, three, index -> 0)]++;
    }
    assertThat(counts).containsOnly(100L);
  }

  /** Four threads at once, as many senders route through one router without a lock. */
  @Test
  void roundRobinIsExactlyEvenWithConcurrentSenders() throws Exception {
    int perSender = 1_000_000; // long enough for the senders to overlap on two cores
    RoundRobinStrategy strategy = new RoundRobinStrategy();
    List<Routee> routees = Routees.of(5);
    strategy.onRouteesChanged(routees);
    AtomicLongArray counts = new AtomicLongArray(5);
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> senders = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Thread sender = new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        for (int m = 0; m < perSender; m++) {
          counts.incrementAndGet(strategy.select(MESSAGE, routees, index -> 0));
        }
      });
      sender.start();
      senders.add(sender);
    }
    start.countDown();
    for (Thread sender : senders) {
      sender.join();
    }
    for (int i = 0; i < 5; i++) {
      assertThat(counts.get(i)).as("routee %d", i).isEqualTo(4L * perSender / 5);
    }
  }

  /**
   * Pearson's chi-square test of uniformity over 10 routees (9 degrees of freedom). The critical
   * value at significance 0.001 is 27.877. The seeds are fixed, so the test is deterministic: it
   * cannot flake, and it would fail if the strategy were biased (a modulo bias or an off-by-one that
   * never picks the last routee gives chi-square in the thousands).
   */
  @Test
  void randomPassesAChiSquareTestOfUniformity() {
    List<Routee> routees = Routees.of(10);
    for (long seed : new long[] {1, 2, 3, 2026, 123456789}) {
      RandomStrategy strategy = new RandomStrategy(new SplittableRandom(seed));
      long[] counts = new long[routees.size()];
      int messages = 100_000;
      for (int m = 0; m < messages; m++) {
        counts[strategy.select(MESSAGE, routees, index -> 0)]++;
      }
      double expected = messages / (double) routees.size();
      double chiSquare = 0;
      for (long count : counts) {
        chiSquare += (count - expected) * (count - expected) / expected;
      }
      assertThat(chiSquare).as("chi-square with seed %d, counts %s", seed, java.util.Arrays.toString(counts))
          .isLessThan(27.877);
    }
  }

  @Test
  void leastOutstandingNeverChoosesTheBusiestOfTwoAndSpreadsOverTheIdle() {
    List<Routee> routees = Routees.of(4);
    LeastOutstandingStrategy strategy = new LeastOutstandingStrategy(new SplittableRandom(5));
    int[] inFlight = {0, 30, 0, 0};
    long[] counts = new long[4];
    for (int m = 0; m < 30_000; m++) {
      counts[strategy.select(MESSAGE, routees, index -> inFlight[index])]++;
    }
    assertThat(counts[1]).isZero();
    for (int idle : new int[] {0, 2, 3}) {
      assertThat(counts[idle]).isBetween(9_000L, 11_000L);
    }
  }

  @Test
  void leastOutstandingPrefersTheLessLoadedInProportionToTheGap() {
    List<Routee> routees = Routees.of(2);
    LeastOutstandingStrategy strategy = new LeastOutstandingStrategy(new SplittableRandom(9));
    assertThat(strategy.select(MESSAGE, routees, index -> index == 0 ? 5 : 4)).isEqualTo(1);
    assertThat(strategy.select(MESSAGE, routees, index -> index == 0 ? 4 : 5)).isEqualTo(0);
  }

  @Test
  void weightedGivesEachRouteeExactlyItsWeightPerRoundInterleaved() {
    Address big = new Address("pekko", "atoll", "10.0.0.1", 2551);
    Address small = new Address("pekko", "atoll", "10.0.0.2", 2551);
    Address drained = new Address("pekko", "atoll", "10.0.0.3", 2551);
    List<Routee> routees = new ArrayList<>(List.of(
        Routees.on(big, "a", Set.of("gpu", "other")),
        Routees.on(small, "b", Set.of()),
        Routees.on(drained, "c", Set.of("gpu"))));
    routees.sort(java.util.Comparator.comparing(Routee::id));
    WeightSettings weights = WeightSettings.uniform()
        .withRoleWeight("gpu", 3).withRoleWeight("other", 1).withAddressWeight("10.0.0.3:2551", 0);
    WeightedStrategy strategy = new WeightedStrategy(weights);
    strategy.onRouteesChanged(routees);
    int[] round = new int[4];
    for (int m = 0; m < 4; m++) {
      round[m] = strategy.select(MESSAGE, routees, index -> 0);
    }
    long[] counts = new long[3];
    for (int m = 0; m < 4000; m++) {
      counts[strategy.select(MESSAGE, routees, index -> 0)]++;
    }
    assertThat(counts).containsExactly(3000, 1000, 0); // a: role gpu=3 beats other=1; c: its address weighs 0
    assertThat(round).containsExactly(0, 0, 1, 0); // smooth: the light routee is not left to the end
  }

  @Test
  void weightedWithEveryWeightZeroSaysWhyItCannotRoute() {
    List<Routee> routees = Routees.of(2);
    WeightedStrategy strategy = new WeightedStrategy(WeightSettings.uniform().withDefaultWeight(0));
    strategy.onRouteesChanged(routees);
    assertThat(strategy.cannotRoute(MESSAGE)).hasValueSatisfying(reason -> assertThat(reason).contains("weight 0"));
    assertThat(strategy.select(MESSAGE, routees, index -> 0)).isEqualTo(RoutingStrategy.NO_ROUTEE);
  }

  @Test
  void createsAPluginStrategyWithItsRoutersSettingsWhenItsConstructorTakesThem() {
    dev.atoll.loadbalancer.RouterSettings settings = dev.atoll.loadbalancer.RouterSettings
        .pool("plugged", dev.atoll.loadbalancer.Strategy.ROUND_ROBIN, 3)
        .withSeed(7)
        .withStrategyClass(dev.atoll.loadbalancer.plugin.SettingsAwareStrategy.class.getName());
    RoutingStrategy created = Strategies.create(settings);
    assertThat(created).isInstanceOf(dev.atoll.loadbalancer.plugin.SettingsAwareStrategy.class);
    assertThat(((dev.atoll.loadbalancer.plugin.SettingsAwareStrategy) created).settings()).isEqualTo(settings);
    assertThat(created.select(MESSAGE, Routees.of(5), index -> 0)).isEqualTo(2); // seed 7 mod 5
    assertThat(Strategies.create(settings)).as("one instance per router").isNotSameAs(created);
  }

  @Test
  void namesTheRouterWhenAPluginStrategyCannotBeCreated() {
    dev.atoll.loadbalancer.RouterSettings settings = dev.atoll.loadbalancer.RouterSettings
        .group("coded", dev.atoll.loadbalancer.Strategy.ROUND_ROBIN, "coded")
        .withStrategyClass("com.example.Missing");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Strategies.create(settings))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("router \"coded\": no class com.example.Missing on the class path");
  }
}
