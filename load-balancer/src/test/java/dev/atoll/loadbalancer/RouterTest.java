package dev.atoll.loadbalancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.atoll.framework.AtollConfigException;
import dev.atoll.loadbalancer.TestMessages.Job;
import dev.atoll.loadbalancer.TestMessages.Ping;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.DeadLetter;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.LoggingTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Routers in one ActorSystem: declared in HOCON, started by the extension, fed by real routees. */
@ExtendWith(TestKitJUnit5Extension.class)
@ExtendWith(LogCapturingExtension.class)
class RouterTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private static final Config CONFIG = ConfigFactory.parseString("""
      atoll.load-balancer.routers {
        even     { strategy = round-robin, service = "even" }
        keyed    { strategy = consistent-hash, service = "keyed" }
        balanced { strategy = least-outstanding, service = "balanced", seed = 11 }
        rotating { strategy = round-robin, service = "balanced" }
        squares  { strategy = round-robin, pool-size = 3, reply-timeout = 300ms }
        nobody   { strategy = random, service = "nobody" }
        held     { strategy = random, service = "held", seed = 1 }
        leaving  { strategy = round-robin, service = "leaving" }
        classy   { strategy = "dev.atoll.loadbalancer.plugin.LastRouteeStrategy", service = "classy" }
        crowd    { strategy = round-robin, service = "crowd" }
        direct   { strategy = round-robin, pool-size = 2 }
        early    { strategy = round-robin, pool-size = 3 }
        paths    { strategy = round-robin, service = "paths" }
      }""");

  @JUnit5TestKit ActorTestKit testKit = new JUnit5TestKitBuilder().withCustomConfig(CONFIG).build();

  private LoadBalancers balancers() {
    return LoadBalancers.get(testKit.system());
  }

  private RouterStats stats(String router) {
    return balancers().stats(router).toCompletableFuture().join();
  }

  private void awaitEligibleRoutees(String router, int count) {
    testKit.createTestProbe().awaitAssert(TIMEOUT, () -> {
      assertThat(stats(router).routees()).filteredOn(RouterStats.RouteeStats::eligible).hasSize(count);
      return null;
    });
  }

  private List<ActorRef<Job>> registerRoutees(String service, int count) {
    List<ActorRef<Job>> routees = new java.util.ArrayList<>();
    for (int i = 0; i < count; i++) {
      ActorRef<Job> routee = testKit.spawn(TestMessages.replier(service + "-" + i), service + "-" + i);
      balancers().registerRoutee(service, Job.class, routee);
      routees.add(routee);
    }
    return routees;
  }

  private static Map<String, Integer> countReplies(TestProbe<StatusReply<String>> probe, int replies) {
    Map<String, Integer> counts = new HashMap<>();
    for (StatusReply<String> reply : probe.receiveSeveralMessages(replies, TIMEOUT)) {
      assertThat(reply.isSuccess()).as("reply %s", reply).isTrue();
      counts.merge(reply.getValue(), 1, Integer::sum);
    }
    return counts;
  }

  @Test
  void roundRobinSpreadsExactlyEvenlyOverTheRegisteredRoutees() {
    ActorRef<Job> router = balancers().router("even", Job.class);
    registerRoutees("even", 4);
    awaitEligibleRoutees("even", 4);

    TestProbe<StatusReply<String>> replies = testKit.createTestProbe();
    for (int i = 0; i < 400; i++) {
      router.tell(new Job("job-" + i, replies.getRef()));
    }
    assertThat(countReplies(replies, 400))
        .isEqualTo(Map.of("even-0", 100, "even-1", 100, "even-2", 100, "even-3", 100));
    RouterStats stats = stats("even");
    assertThat(stats.sentPerRoutee().values()).containsOnly(100L);
    assertThat(stats.inFlight()).isZero();
    assertThat(stats.unroutable()).isZero();
    assertThat(balancers().router("even", Job.class)).as("started once").isSameAs(router);
  }

  @Test
  void consistentHashSendsEveryMessageOfAKeyToOneRoutee() {
    ActorRef<Job> router = balancers().router("keyed", Job.class);
    registerRoutees("keyed", 3);
    awaitEligibleRoutees("keyed", 3);

    TestProbe<StatusReply<String>> replies = testKit.createTestProbe();
    Map<String, java.util.Set<String>> routeesPerKey = new HashMap<>();
    for (int round = 0; round < 4; round++) {
      for (int key = 0; key < 60; key++) {
        router.tell(new Job("account-" + key, replies.getRef()));
        StatusReply<String> reply = replies.receiveMessage(TIMEOUT);
        routeesPerKey.computeIfAbsent("account-" + key, k -> new java.util.HashSet<>()).add(reply.getValue());
      }
    }
    assertThat(routeesPerKey.values()).allSatisfy(routees -> assertThat(routees).hasSize(1));
    assertThat(routeesPerKey.values().stream().flatMap(java.util.Set::stream).distinct())
        .as("keys spread over every routee").hasSize(3);
  }

  /**
   * Four routees serve the same service, one of them 20 ms slow. A closed-loop client keeps 8
   * requests in flight. Round-robin hands the slow routee exactly its quarter; least-outstanding
   * sees its requests pile up and sends it only a few percent.
   */
  @Test
  void leastOutstandingSendsMostTrafficAwayFromASlowRoutee() {
    ActorRef<Job> leastOutstanding = balancers().router("balanced", Job.class);
    ActorRef<Job> roundRobin = balancers().router("rotating", Job.class);
    for (int i = 0; i < 3; i++) {
      balancers().registerRoutee("balanced", Job.class, testKit.spawn(TestMessages.replier("fast-" + i)));
    }
    balancers().registerRoutee("balanced", Job.class,
        testKit.spawn(TestMessages.slowReplier("slow", Duration.ofMillis(20))));
    awaitEligibleRoutees("balanced", 4);
    awaitEligibleRoutees("rotating", 4);

    int total = 1000;
    TestProbe<Map<String, Integer>> report = testKit.createTestProbe();
    testKit.spawn(TestMessages.closedLoopClient(leastOutstanding, 8, total, report.getRef()));
    Map<String, Integer> byLeastOutstanding = report.receiveMessage(Duration.ofSeconds(30));
    testKit.spawn(TestMessages.closedLoopClient(roundRobin, 8, total, report.getRef()));
    Map<String, Integer> byRoundRobin = report.receiveMessage(Duration.ofSeconds(30));

    assertThat(byRoundRobin.get("slow")).isEqualTo(total / 4);
    assertThat(byLeastOutstanding.getOrDefault("slow", 0))
        .as("slow routee's share under least-outstanding, all: %s", byLeastOutstanding)
        .isLessThan(total / 10);
    assertThat(byLeastOutstanding.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(total);
  }

  @Test
  void aPoolRouterRunsTheBehaviorGivenInCodeAndRestartsARouteeThatFails() {
    ActorRef<Job> router = balancers().pool("squares", Job.class, TestMessages.replier("pooled"));
    awaitEligibleRoutees("squares", 3);

    TestProbe<StatusReply<String>> replies = testKit.createTestProbe();
    router.tell(new Job("fail", replies.getRef()));
    StatusReply<String> timedOut = replies.receiveMessage(TIMEOUT);
    assertThat(timedOut.isError()).isTrue();
    assertThat(timedOut.getError().getMessage())
        .matches("router squares: no reply from routee .*/system/atoll-router-squares/routee-0 "
            + "within 300 ms");

    for (int i = 0; i < 30; i++) {
      router.tell(new Job("job-" + i, replies.getRef()));
    }
    assertThat(countReplies(replies, 30)).isEqualTo(Map.of("pooled", 30));
    RouterStats stats = stats("squares");
    assertThat(stats.routees()).hasSize(3).allSatisfy(routee -> assertThat(routee.eligible()).isTrue());
    assertThat(stats.sentPerRoutee().values()).containsExactly(11L, 10L, 10L);
    assertThat(stats.inFlight()).isZero();
  }

  @Test
  void anAskStyleMessageWithNoRouteeGetsAnErrorReplyAtOnce() {
    ActorRef<Job> router = balancers().router("nobody", Job.class);
    TestProbe<StatusReply<String>> replies = testKit.createTestProbe();
    router.tell(new Job("job", replies.getRef()));
    StatusReply<String> reply = replies.receiveMessage(TIMEOUT);
    assertThat(reply.isError()).isTrue();
    assertThat(reply.getError().getMessage())
        .isEqualTo("router nobody cannot route Job: no routee is registered for service \"nobody\" on any reachable member");
    assertThat(stats("nobody").unroutable()).isEqualTo(1);
  }

  @Test
  void aPlainMessageWithNoRouteeGoesToDeadLettersWithALoggedReason() {
    ActorRef<Ping> router = balancers().start(RouterSettings.group("plain", Strategy.ROUND_ROBIN, "nowhere"), Ping.class, null);
    TestProbe<DeadLetter> deadLetters = deadLetterProbe();

    LoggingTestKit.warn("router plain cannot route Ping: no routee is registered for service \"nowhere\"")
        .expect(testKit.system(), () -> {
          router.tell(new Ping(7));
          return null;
        });
    assertThat(deadLetters.receiveMessage(TIMEOUT).message()).isEqualTo(new Ping(7));
  }

  @Test
  void countsRequestsInFlightUntilTheRouteeAnswers() {
    ActorRef<Job> router = balancers().router("held", Job.class);
    TestProbe<Job> atRoutee = testKit.createTestProbe();
    balancers().registerRoutee("held", Job.class, testKit.spawn(TestMessages.forwarder(atRoutee.getRef())));
    awaitEligibleRoutees("held", 1);

    TestProbe<StatusReply<String>> replies = testKit.createTestProbe();
    for (int i = 0; i < 3; i++) {
      router.tell(new Job("job-" + i, replies.getRef()));
    }
    List<Job> received = atRoutee.receiveSeveralMessages(3, TIMEOUT);
    assertThat(received).extracting(Job::replyTo).doesNotContain(replies.getRef()); // the router relays
    assertThat(stats("held").inFlight()).isEqualTo(3);

    received.get(0).replyTo().tell(StatusReply.success("done"));
    assertThat(replies.receiveMessage(TIMEOUT)).isEqualTo(StatusReply.success("done"));
    assertThat(stats("held").inFlight()).isEqualTo(2);
    assertThat(stats("held").sent()).isEqualTo(3);
  }

  @Test
  void aDeregisteredRouteeGetsNothingMoreAndItsCountMovesToDeparted() {
    ActorRef<Job> router = balancers().router("leaving", Job.class);
    List<ActorRef<Job>> routees = registerRoutees("leaving", 2);
    awaitEligibleRoutees("leaving", 2);
    TestProbe<StatusReply<String>> replies = testKit.createTestProbe();
    for (int i = 0; i < 10; i++) {
      router.tell(new Job("job-" + i, replies.getRef()));
    }
    countReplies(replies, 10);

    balancers().deregisterRoutee("leaving", Job.class, routees.get(1));
    awaitEligibleRoutees("leaving", 1);
    for (int i = 0; i < 10; i++) {
      router.tell(new Job("job-" + i, replies.getRef()));
    }
    assertThat(countReplies(replies, 10)).isEqualTo(Map.of("leaving-0", 10));
    RouterStats stats = stats("leaving");
    assertThat(stats.sentToDepartedRoutees()).isEqualTo(5);
    assertThat(stats.sent()).isEqualTo(20);
  }

  /** A plugin strategy: always the routee with the highest id (for example, the newest version). */
  static final class LastRouteeStrategy implements dev.atoll.loadbalancer.spi.RoutingStrategy {
    @Override
    public int select(Object message, List<dev.atoll.loadbalancer.spi.Routee> routees,
        dev.atoll.loadbalancer.spi.InFlight inFlight) {
      return routees.isEmpty() ? NO_ROUTEE : routees.size() - 1;
    }
  }

  @Test
  void aStrategyWrittenAgainstTheSpiRoutesAsItChooses() {
    ActorRef<Job> router = balancers().start(
        RouterSettings.group("custom", Strategy.ROUND_ROBIN, "custom"), Job.class, null, LastRouteeStrategy::new);
    registerRoutees("custom", 3);
    awaitEligibleRoutees("custom", 3);
    TestProbe<StatusReply<String>> replies = testKit.createTestProbe();
    for (int i = 0; i < 10; i++) {
      router.tell(new Job("job-" + i, replies.getRef()));
    }
    assertThat(countReplies(replies, 10)).isEqualTo(Map.of("custom-2", 10));
  }

  @Test
  void namesWhatIsWrongWhenARouterIsAskedForWrongly() {
    assertThatThrownBy(() -> balancers().router("undeclared", Job.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no router \"undeclared\" is declared under atoll.load-balancer.routers (declared: "
            + "[balanced, classy, crowd, direct, early, even, held, keyed, leaving, nobody, paths, rotating, squares])");
    assertThatThrownBy(() -> balancers().router("squares", Job.class))
        .hasMessageContaining("router \"squares\" is a pool router (pool(3)): its routees' behavior comes from code, "
            + "start it with pool(\"squares\", Job.class, behavior)");
    balancers().router("even", Job.class);
    assertThatThrownBy(() -> balancers().router("even", Ping.class))
        .hasMessage("router \"even\" routes dev.atoll.loadbalancer.TestMessages$Job, not dev.atoll.loadbalancer.TestMessages$Ping");
  }

  @Test
  void anInvalidDeclarationStopsTheActorSystemFromStartingWithTheConfigPath() {
    // The extension is loaded at start-up (pekko.actor.typed.library-extensions), so a bad router
    // declaration fails the system's creation.
    assertThatThrownBy(
            () -> ActorTestKit.create(
                ConfigFactory.parseString("atoll.load-balancer.routers.jobs { strategy = round-robbin, service = jobs }")))
        .isInstanceOf(AtollConfigException.class)
        .hasMessageContaining("atoll.load-balancer.routers.jobs.strategy = \"round-robbin\"")
        .hasMessageContaining("unknown strategy; allowed: round-robin | random | consistent-hash | least-outstanding | weighted");
  }

  @Test
  void aStrategyNamedByItsClassInConfigurationRoutesAsItChooses() {
    ActorRef<Job> router = balancers().router("classy", Job.class);
    registerRoutees("classy", 3);
    awaitEligibleRoutees("classy", 3);
    TestProbe<StatusReply<String>> replies = testKit.createTestProbe();
    for (int i = 0; i < 10; i++) {
      router.tell(new Job("job-" + i, replies.getRef()));
    }
    assertThat(countReplies(replies, 10)).isEqualTo(Map.of("classy-2", 10));
    RouterStats stats = stats("classy");
    assertThat(stats.strategy()).isEqualTo(Strategy.CUSTOM);
    assertThat(stats.strategyClass()).isEqualTo("dev.atoll.loadbalancer.plugin.LastRouteeStrategy");
  }

  /** Records the thread of every choice: the router must choose on the sender's thread. */
  static final class ThreadRecordingStrategy implements dev.atoll.loadbalancer.spi.RoutingStrategy {
    final java.util.Set<Thread> choosingThreads = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Override
    public int select(Object message, List<dev.atoll.loadbalancer.spi.Routee> routees,
        dev.atoll.loadbalancer.spi.InFlight inFlight) {
      choosingThreads.add(Thread.currentThread());
      return routees.isEmpty() ? NO_ROUTEE : 0;
    }
  }

  @Test
  void aMessageToTheRoutersClassicRefOrToItsResolvedPathIsRoutedLikeOneToTheRef() {
    ActorRef<Job> router = balancers().router("paths", Job.class);
    registerRoutees("paths", 2);
    awaitEligibleRoutees("paths", 2);
    ActorRefResolver resolver = ActorRefResolver.get(testKit.system());
    ActorRef<Job> resolved = resolver.resolveActorRef(resolver.toSerializationFormat(router));
    org.apache.pekko.actor.ActorRef classic = Adapter.toClassic(router);

    TestProbe<StatusReply<String>> replies = testKit.createTestProbe();
    for (int i = 0; i < 4; i++) {
      router.tell(new Job("typed-" + i, replies.getRef()));
      resolved.tell(new Job("resolved-" + i, replies.getRef()));
      classic.tell(new Job("classic-" + i, replies.getRef()), org.apache.pekko.actor.ActorRef.noSender());
    }
    assertThat(countReplies(replies, 12)).isEqualTo(Map.of("paths-0", 6, "paths-1", 6));
    assertThat(stats("paths").sentPerRoutee().values()).containsOnly(6L);
    assertThat(resolved).isEqualTo(router);
  }

  @Test
  void routesOnTheSendersThreadWithNoActorInBetween() {
    ThreadRecordingStrategy strategy = new ThreadRecordingStrategy();
    ActorRef<Ping> router = balancers().start(
        RouterSettings.group("threads", Strategy.ROUND_ROBIN, "threads"), Ping.class, null, () -> strategy);
    TestProbe<Ping> routee = testKit.createTestProbe();
    balancers().registerRoutee("threads", Ping.class, routee.getRef());
    awaitEligibleRoutees("threads", 1);

    router.tell(new Ping(1));
    routee.expectMessage(TIMEOUT, new Ping(1));
    assertThat(strategy.choosingThreads).containsExactly(Thread.currentThread());
  }

  @Test
  void roundRobinStaysExactlyEvenWhenManyThreadsSendAtOnce() throws Exception {
    ActorRef<Job> router = balancers().router("crowd", Job.class);
    registerRoutees("crowd", 4);
    awaitEligibleRoutees("crowd", 4);

    int senders = 4;
    int perSender = 1000;
    TestProbe<StatusReply<String>> replies = testKit.createTestProbe();
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(senders);
    try {
      java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
      List<java.util.concurrent.Future<?>> sent = new java.util.ArrayList<>();
      for (int t = 0; t < senders; t++) {
        int sender = t;
        sent.add(pool.submit(() -> {
          go.await();
          for (int i = 0; i < perSender; i++) {
            router.tell(new Job(sender + "-" + i, replies.getRef()));
          }
          return null;
        }));
      }
      go.countDown();
      for (java.util.concurrent.Future<?> future : sent) {
        future.get(30, java.util.concurrent.TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(countReplies(replies, senders * perSender))
        .isEqualTo(Map.of("crowd-0", 1000, "crowd-1", 1000, "crowd-2", 1000, "crowd-3", 1000));
    RouterStats stats = stats("crowd");
    assertThat(stats.sentPerRoutee().values()).containsOnly(1000L);
    assertThat(stats.inFlight()).isZero();
  }

  @Test
  void aSenderRoutesExactlyAsTheRoutersActorRefDoes() {
    ActorRef<Job> router = balancers().pool("direct", Job.class, TestMessages.replier("pooled"));
    java.util.function.Consumer<Job> sender = balancers().sender("direct", Job.class);
    awaitEligibleRoutees("direct", 2);
    TestProbe<StatusReply<String>> replies = testKit.createTestProbe();
    for (int i = 0; i < 5; i++) {
      router.tell(new Job("by-ref-" + i, replies.getRef()));
      sender.accept(new Job("by-sender-" + i, replies.getRef()));
    }
    assertThat(countReplies(replies, 10)).isEqualTo(Map.of("pooled", 10));
    assertThat(stats("direct").sentPerRoutee().values()).containsExactly(5L, 5L);
    assertThatThrownBy(() -> balancers().sender("held-back", Job.class))
        .hasMessageContaining("router \"held-back\" has not been started");
    assertThatThrownBy(() -> balancers().sender("direct", Ping.class))
        .hasMessage("router \"direct\" routes dev.atoll.loadbalancer.TestMessages$Job, not dev.atoll.loadbalancer.TestMessages$Ping");
  }

  @Test
  void aPoolRouterTakesMessagesAsSoonAsItsActorRefExists() {
    ActorRef<Job> router = balancers().pool("early", Job.class, TestMessages.replier("early"));
    TestProbe<StatusReply<String>> replies = testKit.createTestProbe();
    for (int i = 0; i < 30; i++) {
      router.tell(new Job("job-" + i, replies.getRef())); // possibly before the routees are spawned
    }
    assertThat(countReplies(replies, 30)).isEqualTo(Map.of("early", 30));
    assertThat(stats("early").sentPerRoutee().values()).containsOnly(10L);
    assertThat(stats("early").unroutable()).isZero();
  }

  /**
   * A probe of the dead letters, returned once its subscription is in effect (the event stream
   * subscribes asynchronously): it has received a marker published after subscribing.
   */
  private TestProbe<DeadLetter> deadLetterProbe() {
    TestProbe<DeadLetter> deadLetters = testKit.createTestProbe();
    testKit.system().eventStream().tell(new EventStream.Subscribe<>(DeadLetter.class, deadLetters.getRef()));
    org.apache.pekko.actor.ActorRef probe = org.apache.pekko.actor.typed.javadsl.Adapter.toClassic(deadLetters.getRef());
    DeadLetter marker = new DeadLetter("subscribed", probe, probe);
    testKit.system().eventStream().tell(new EventStream.Publish<>(marker));
    deadLetters.fishForMessage(TIMEOUT, letter -> letter == marker
        ? org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes.complete()
        : org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes.continueAndIgnore());
    return deadLetters;
  }
}
