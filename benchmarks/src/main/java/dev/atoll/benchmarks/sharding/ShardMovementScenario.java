package dev.atoll.benchmarks.sharding;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import dev.atoll.benchmarks.harness.Contender;
import dev.atoll.benchmarks.harness.Figure;
import dev.atoll.benchmarks.harness.RoundSettings;
import dev.atoll.benchmarks.harness.Scenario;
import dev.atoll.framework.AtollNode;
import dev.atoll.framework.AtollSerializable;
import dev.atoll.sharding.Entities;
import dev.atoll.sharding.EntitySpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingQuery;
import org.apache.pekko.cluster.sharding.typed.GetShardRegionState;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

/**
 * The {@code shard-movement} scenario: a fourth node joins a cluster of three (all four in this
 * JVM) whose every shard holds live entities; how many shards move, and how long from the new
 * member being Up until the placement stops changing. Atoll's consistent-hash allocation strategy
 * ({@link Entities}, default settings) against Pekko sharding with its default allocation strategy
 * (LeastShardAllocationStrategy with rebalance-absolute-limit = 0: at most one shard per round).
 *
 * <p>Both run with a 1 s rebalance interval instead of the default 10 s (the same for both), or one
 * Pekko round of 64 moves would take ten minutes; times scale with it. A shard that Pekko hands off
 * is only allocated again when a message arrives for it, so a toucher keeps telling every entity
 * every 250 ms. The placement is sampled every 100 ms; a move is a shard seen on another node than
 * before; "balanced" is the last change before 3 s (three rebalance intervals) without one.
 */
public final class ShardMovementScenario implements Scenario {

  static final Figure MOVES = new Figure("shard-movement-moves", "shards", false);
  static final Figure TIME = new Figure("shard-movement-time", "s", false);

  private static final int ENTITIES = 2000;
  /** Three rebalance intervals without a change: both strategies would have moved again by then. */
  private static final Duration QUIET = Duration.ofSeconds(3);
  private static final Duration TIMEOUT = Duration.ofSeconds(300);
  private static final Duration ASK = Duration.ofSeconds(5);

  /** The message the toucher keeps sending; crossing nodes, so serializable. */
  public record Touch() implements AtollSerializable {}

  private static final Touch TOUCH = new Touch();

  @Override
  public String name() {
    return "shard-movement";
  }

  @Override
  public String description() {
    return "a 4th node joins 3 (in one JVM), every shard busy: shards moved and seconds until the placement stops "
        + "changing; Atoll consistent-hash allocation vs Pekko's default LeastShardAllocationStrategy, "
        + "rebalance-interval 1 s for both; 256 shards (64 with --quick)";
  }

  @Override
  public String unit() {
    return "s";
  }

  @Override
  public boolean higherIsBetter() {
    return false;
  }

  @Override
  public List<Figure> figures() {
    return List.of(MOVES, TIME);
  }

  @Override
  public RoundSettings roundSettings(RoundSettings requested) {
    return new RoundSettings(0, requested.quick() ? 2 : Math.min(3, requested.rounds()), requested.roundLength(), requested.quick());
  }

  @Override
  public List<Contender> contenders() {
    return List.of(new Joiner("atoll-consistent-hash", true), new Joiner("pekko-least-shard", false));
  }

  /** One contender: a fresh 3-node cluster per round, then a 4th node joins. */
  private static final class Joiner implements Contender {
    private final String name;
    private final boolean atoll;

    Joiner(String name, boolean atoll) {
      this.name = name;
      this.atoll = atoll;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public double runRound(RoundSettings round) throws Exception {
      return runRound(round, List.of(MOVES, TIME)).get(TIME.name());
    }

    @Override
    public Map<String, Double> runRound(RoundSettings round, List<Figure> figures) throws Exception {
      int shards = round.quick() ? 64 : 256;
      List<Node> nodes = new ArrayList<>();
      Thread toucher = null;
      try {
        for (int i = 0; i < 3; i++) {
          nodes.add(atoll ? AtollSide.start(shards) : PekkoSide.start(shards));
        }
        for (Node node : nodes) {
          node.join(nodes.get(0).address());
        }
        awaitUp(nodes);
        List<EntityRef<Touch>> refs = new ArrayList<>();
        for (int i = 0; i < ENTITIES; i++) {
          refs.add(nodes.get(0).entityRef("e-" + i));
        }
        toucher = toucher(refs);
        int inUse = nodes.get(0).shardsInUse(ENTITIES);
        Map<String, Address> before = awaitSettled(nodes, inUse, Duration.ofSeconds(120), "the first three nodes");

        Node joining = atoll ? AtollSide.start(shards) : PekkoSide.start(shards);
        nodes.add(joining);
        CountDownLatch up = new CountDownLatch(1);
        long[] upAt = new long[1];
        Cluster.get(Adapter.toClassic(joining.system())).registerOnMemberUp(() -> {
          upAt[0] = System.nanoTime();
          up.countDown();
        });
        joining.join(nodes.get(0).address());
        if (!up.await(60, TimeUnit.SECONDS)) {
          throw new IllegalStateException("the fourth node was not Up within 60 s");
        }
        return track(nodes, before, inUse, upAt[0]);
      } finally {
        if (toucher != null) {
          toucher.interrupt();
          toucher.join(5_000);
        }
        for (Node node : nodes) {
          node.stop();
        }
      }
    }
  }

  /** Samples the placement until it has not changed for {@link #QUIET}: moves and seconds from {@code upAt}. */
  private static Map<String, Double> track(List<Node> nodes, Map<String, Address> before, int inUse, long upAt) throws Exception {
    Map<String, Address> last = new HashMap<>(before);
    int moves = 0;
    long lastChange = upAt;
    long deadline = upAt + TIMEOUT.toNanos();
    while (true) {
      Map<String, Address> now = placement(nodes);
      for (Map.Entry<String, Address> shard : now.entrySet()) {
        Address previous = last.put(shard.getKey(), shard.getValue());
        if (previous != null && !previous.equals(shard.getValue())) {
          moves++;
          lastChange = System.nanoTime();
        }
      }
      long t = System.nanoTime();
      if (now.size() == inUse && t - lastChange > QUIET.toNanos()) {
        return Map.of(MOVES.name(), (double) moves, TIME.name(), Math.max(0, lastChange - upAt) / 1e9);
      }
      if (t > deadline) {
        throw new IllegalStateException("placement still changing " + TIMEOUT + " after the join (" + moves + " moves so far)");
      }
      TimeUnit.MILLISECONDS.sleep(100); // the sampling interval
    }
  }

  /** Waits until all {@code inUse} shards are placed and stay put for {@link #QUIET}. */
  private static Map<String, Address> awaitSettled(List<Node> nodes, int inUse, Duration timeout, String what) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, Address> last = Map.of();
    long since = System.nanoTime();
    while (true) {
      Map<String, Address> now = placement(nodes);
      if (!now.equals(last)) {
        last = now;
        since = System.nanoTime();
      } else if (now.size() == inUse && System.nanoTime() - since > QUIET.toNanos()) {
        return now;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(what + ": " + now.size() + " of " + inUse + " shards placed and still changing after " + timeout);
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
  }

  /** Shard id to the address of the node hosting it, from every node's region state. */
  private static Map<String, Address> placement(List<Node> nodes) throws Exception {
    Map<String, Address> placement = new HashMap<>();
    for (Node node : nodes) {
      ShardRegion.CurrentShardRegionState state = AskPattern.<ClusterShardingQuery, ShardRegion.CurrentShardRegionState>ask(
              ClusterSharding.get(node.system()).shardState(),
              replyTo -> new GetShardRegionState(node.typeKey(), replyTo), ASK, node.system().scheduler())
          .toCompletableFuture().get(ASK.toMillis() + 1000, TimeUnit.MILLISECONDS);
      state.getShards().forEach(shard -> placement.put(shard.shardId(), node.address()));
    }
    return placement;
  }

  private static void awaitUp(List<Node> nodes) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!nodes.stream().allMatch(n -> upCount(n) == nodes.size())) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the three nodes did not see each other Up within 60 s");
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
  }

  private static long upCount(Node node) {
    long up = 0;
    for (org.apache.pekko.cluster.Member member : Cluster.get(Adapter.toClassic(node.system())).state().getMembers()) {
      if (member.status() == org.apache.pekko.cluster.MemberStatus.up()) {
        up++;
      }
    }
    return up;
  }

  /** Tells every entity every 250 ms, so that a handed-off shard is allocated again at once. */
  private static Thread toucher(List<EntityRef<Touch>> refs) {
    Thread toucher = new Thread(() -> {
      try {
        while (!Thread.currentThread().isInterrupted()) {
          refs.forEach(ref -> ref.tell(TOUCH));
          TimeUnit.MILLISECONDS.sleep(250);
        }
      } catch (InterruptedException e) {
        // stopped
      }
    }, "shard-movement-toucher");
    toucher.setDaemon(true);
    toucher.start();
    return toucher;
  }

  private static Behavior<Touch> idle() {
    return Behaviors.receiveMessage(touch -> Behaviors.same());
  }

  /** One node of either kind. */
  private interface Node {
    ActorSystem<?> system();

    Address address();

    void join(Address seed);

    EntityTypeKey<?> typeKey();

    EntityRef<Touch> entityRef(String id);

    /** How many distinct shards the entities e-0 .. e-(count-1) fall into. */
    int shardsInUse(int count);

    void stop() throws Exception;
  }

  /** Atoll: an {@link AtollNode} with the entity type started through {@link Entities}. */
  private record AtollSide(AtollNode node, Path dataDir) implements Node {
    static AtollSide start(int shards) throws Exception {
      Path dataDir = Files.createTempDirectory("atoll-bench-movement-");
      AtollNode node = AtollNode.start(ConfigFactory.parseString("""
              atoll.management.enabled = off
              atoll.sharding.rebalance-interval = 1s
              atoll.sharding.passivation.idle-timeout = off
              pekko.loglevel = ERROR
              pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
              pekko.coordinated-shutdown.run-by-actor-system-terminate = off
              """)
          .withValue("atoll.sharding.number-of-shards", ConfigValueFactory.fromAnyRef(shards))
          .withValue("atoll.node.port", ConfigValueFactory.fromAnyRef(0))
          .withValue("atoll.node.data-dir", ConfigValueFactory.fromAnyRef(dataDir.toString())));
      Entities.get(node.system()).init(EntitySpec.of("Mover", Touch.class, ctx -> idle()).withoutPassivation());
      return new AtollSide(node, dataDir);
    }

    @Override
    public ActorSystem<?> system() {
      return node.system();
    }

    @Override
    public Address address() {
      return node.selfAddress();
    }

    @Override
    public void join(Address seed) {
      node.join(seed);
    }

    @Override
    public EntityTypeKey<?> typeKey() {
      return Entities.get(node.system()).typeKey("Mover");
    }

    @Override
    public EntityRef<Touch> entityRef(String id) {
      return Entities.get(node.system()).entityRefFor("Mover", id);
    }

    @Override
    public int shardsInUse(int count) {
      java.util.Set<Integer> shards = new java.util.HashSet<>();
      for (int i = 0; i < count; i++) {
        shards.add(Entities.get(node.system()).shardOf("e-" + i));
      }
      return shards.size();
    }

    @Override
    public void stop() throws Exception {
      node.system().terminate();
      node.whenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
      dev.atoll.benchmarks.journal.JournalThroughputBenchmark.deleteRecursively(dataDir);
    }
  }

  /** Pekko: a plain ActorSystem with cluster sharding at its defaults (but the rebalance interval). */
  private record PekkoSide(ActorSystem<Void> system, int shards) implements Node {
    private static final EntityTypeKey<Touch> KEY = EntityTypeKey.create(Touch.class, "Mover");

    static PekkoSide start(int shards) {
      Config defaults = ConfigFactory.load();
      // A plain Pekko node: none of the Atoll extensions that sit on this class path.
      List<String> extensions = defaults.getStringList("pekko.actor.typed.library-extensions").stream()
          .filter(e -> !e.startsWith("dev.atoll.")).toList();
      Config config = ConfigFactory.parseString("""
              pekko.actor.provider = cluster
              pekko.remote.artery.canonical { hostname = "127.0.0.1", port = 0 }
              pekko.cluster.sharding.rebalance-interval = 1s
              pekko.loglevel = ERROR
              pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
              pekko.coordinated-shutdown.run-by-actor-system-terminate = off
              """)
          .withValue("pekko.cluster.sharding.number-of-shards", ConfigValueFactory.fromAnyRef(shards))
          .withValue("pekko.actor.typed.library-extensions", ConfigValueFactory.fromIterable(extensions))
          .withFallback(defaults);
      ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "movement", config);
      ClusterSharding.get(system).init(Entity.of(KEY, ctx -> idle()));
      return new PekkoSide(system, shards);
    }

    @Override
    public Address address() {
      return Cluster.get(Adapter.toClassic(system)).selfAddress();
    }

    @Override
    public void join(Address seed) {
      Cluster.get(Adapter.toClassic(system)).join(seed);
    }

    @Override
    public EntityTypeKey<?> typeKey() {
      return KEY;
    }

    @Override
    public EntityRef<Touch> entityRef(String id) {
      return ClusterSharding.get(system).entityRefFor(KEY, id);
    }

    @Override
    public int shardsInUse(int count) {
      java.util.Set<Integer> used = new java.util.HashSet<>();
      for (int i = 0; i < count; i++) {
        used.add(Math.abs(("e-" + i).hashCode() % shards)); // Pekko's default HashCodeMessageExtractor
      }
      return used.size();
    }

    @Override
    public void stop() throws Exception {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }
}
