package dev.atoll.benchmarks.sharding;

import com.typesafe.config.ConfigFactory;
import dev.atoll.benchmarks.harness.Contender;
import dev.atoll.benchmarks.harness.RoundSettings;
import dev.atoll.benchmarks.harness.Scenario;
import dev.atoll.framework.AtollNode;
import dev.atoll.framework.AtollSerializable;
import dev.atoll.sharding.Entities;
import dev.atoll.sharding.EntitySpec;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

/**
 * Messages per second told to 1,000
 * non-persistent sharded entities on one node, Atoll's {@link Entities} against raw Pekko
 * {@link ClusterSharding} with its defaults, both entity types on the same node. A round ends when
 * every message has been delivered.
 */
public final class ShardedThroughputScenario implements Scenario {

  private static final int ENTITIES = 1000;

  /** The counted message. */
  public record Hit() implements AtollSerializable {}

  private static final Hit HIT = new Hit();
  private static final AtomicReference<CountDownLatch> DELIVERED = new AtomicReference<>(new CountDownLatch(0));

  @Override
  public String name() {
    return "sharded-throughput";
  }

  @Override
  public String description() {
    return "tells/s to 1,000 sharded entities on one node: Atoll Entities vs raw Pekko ClusterSharding";
  }

  @Override
  public String unit() {
    return "msg/s";
  }

  @Override
  public boolean higherIsBetter() {
    return true;
  }

  @Override
  public List<Contender> contenders() throws Exception {
    AtollNode node =
        AtollNode.start(
            ConfigFactory.parseString(
                "atoll.node { port = 0, data-dir = \"" + Files.createTempDirectory("atoll-bench") + "\" }\n"
                    + "atoll.management.enabled = off\n"
                    + "atoll.sharding.passivation.idle-timeout = off\n"
                    + "pekko.cluster.sharding.passivation.strategy = none\n"
                    + "pekko.loglevel = WARNING"));
    node.join(node.selfAddress());
    node.awaitUp(Duration.ofSeconds(30));
    Entities.get(node.system()).init(EntitySpec.of("AtollCounter", Hit.class, ctx -> counter()).withoutPassivation());
    EntityTypeKey<Hit> rawKey = EntityTypeKey.create(Hit.class, "RawCounter");
    ClusterSharding.get(node.system()).init(Entity.of(rawKey, ctx -> counter()));
    List<EntityRef<Hit>> atoll = new ArrayList<>();
    List<EntityRef<Hit>> raw = new ArrayList<>();
    for (int i = 0; i < ENTITIES; i++) {
      atoll.add(Entities.get(node.system()).entityRefFor("AtollCounter", "e-" + i));
      raw.add(ClusterSharding.get(node.system()).entityRefFor(rawKey, "e-" + i));
    }
    // Start every shard and entity before measuring: a region buffers at most 100,000 messages for
    // shards that are not allocated yet.
    tell(atoll, ENTITIES);
    tell(raw, ENTITIES);
    AtomicInteger open = new AtomicInteger(2);
    return List.of(new Teller("atoll-entities", atoll, node, open), new Teller("pekko-sharding", raw, node, open));
  }

  private static Behavior<Hit> counter() {
    return Behaviors.receiveMessage(hit -> {
      DELIVERED.get().countDown();
      return Behaviors.same();
    });
  }

  private static double tell(List<EntityRef<Hit>> refs, int messages) throws InterruptedException {
    CountDownLatch delivered = new CountDownLatch(messages);
    DELIVERED.set(delivered);
    long start = System.nanoTime();
    for (int i = 0; i < messages; i++) {
      refs.get(i % ENTITIES).tell(HIT);
    }
    if (!delivered.await(120, TimeUnit.SECONDS)) {
      throw new IllegalStateException(delivered.getCount() + " of " + messages + " messages not delivered in 120 s");
    }
    return messages / ((System.nanoTime() - start) / 1e9);
  }

  /** One side; the node is stopped when both sides are closed. */
  private record Teller(String name, List<EntityRef<Hit>> refs, AtollNode node, AtomicInteger open) implements Contender {
    @Override
    public double runRound(RoundSettings round) throws Exception {
      return tell(refs, round.quick() ? 100_000 : 400_000);
    }

    @Override
    public void close() throws Exception {
      if (open.decrementAndGet() == 0) {
        node.system().terminate();
        node.whenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
    }
  }
}
