package dev.atoll.sharding.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Optional;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.DeadLetter;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.Member;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a hand-off that went to a shard region which no longer exists, on the region's behalf,
 * so that the shard coordinator does not wait the whole {@code handoff-timeout} for it.
 *
 * <p>Why: Pekko's rebalance worker first asks every region to acknowledge the hand-off, then tells
 * the shard's current region to stop it and waits for "stopped", or for that region's
 * termination. If the current region's node crashes during the first step, its termination counts
 * as its acknowledgement there and is not seen again, so the worker then sends the stop order to a
 * dead region and waits out {@code handoff-timeout} (10 s in Atoll) while every message for the
 * shard is held: the unavailability windows of over 10 s that the chaos harness showed after a
 * kill during a rebalance. The order is not lost quietly, though: it becomes a dead letter, on the
 * coordinator's node if the crashed node is gone from the membership, or on the crashed node's
 * new incarnation if one has already taken its host and port.
 *
 * <p>This actor watches the dead letters of its node for such orders ({@code HandOff}) and answers
 * the sender, the rebalance worker, with {@code ShardStopped}, which is true of a region that is
 * gone, and which the worker would have concluded itself from the termination. It answers only
 * when the region is certainly gone: its node is not a member (removed), or the region addressed
 * was on this very node and is not alive (a previous incarnation's, or a stopped one). An order to
 * a live member's region never reaches dead letters; one to a member that is only unreachable is
 * left alone.
 *
 * <p>It relies on two of Pekko's internal message classes ({@code ShardCoordinator.Internal}),
 * the price of working around the worker without patching Pekko. Java cannot name them (Scala
 * marks them private to Pekko), so they are looked up by name once; if a Pekko version renames
 * them, the watcher logs so and does not start, and hand-offs wait as Pekko makes them.
 */
public final class StrandedHandOffs {

  private static final Logger LOG = LoggerFactory.getLogger(StrandedHandOffs.class);

  private static final String INTERNAL = "org.apache.pekko.cluster.sharding.ShardCoordinator$Internal$";

  /** {@code HandOff}'s class, its {@code shard()} and {@code ShardStopped}'s constructor; null if absent. */
  private static final Class<?> HAND_OFF;
  private static final MethodHandle SHARD_OF_HAND_OFF;
  private static final MethodHandle SHARD_STOPPED;

  static {
    Class<?> handOff = null;
    MethodHandle shardOf = null;
    MethodHandle stopped = null;
    try {
      MethodHandles.Lookup lookup = MethodHandles.publicLookup();
      handOff = Class.forName(INTERNAL + "HandOff");
      shardOf = lookup.findVirtual(handOff, "shard", MethodType.methodType(String.class));
      stopped = lookup.findConstructor(
          Class.forName(INTERNAL + "ShardStopped"), MethodType.methodType(void.class, String.class));
    } catch (ReflectiveOperationException notThisPekko) {
      LOG.warn("Pekko's sharding messages HandOff/ShardStopped were not found ({}); hand-offs to "
          + "crashed regions will wait for handoff-timeout", notThisPekko.toString());
      handOff = null;
    }
    HAND_OFF = handOff;
    SHARD_OF_HAND_OFF = shardOf;
    SHARD_STOPPED = stopped;
  }

  private StrandedHandOffs() {}

  /** The watcher's behavior; start one per node. */
  public static Behavior<DeadLetter> create() {
    return Behaviors.setup(context -> {
      context.getSystem().eventStream().tell(new EventStream.Subscribe<>(DeadLetter.class, context.getSelf()));
      Cluster cluster = Cluster.get(Adapter.toClassic(context.getSystem()));
      return Behaviors.receive(DeadLetter.class)
          .onMessage(DeadLetter.class, deadLetter -> {
            answerIfStranded(deadLetter, cluster);
            return Behaviors.same();
          })
          .build();
    });
  }

  /** Answers {@code deadLetter}'s sender if it is a hand-off order to a region that is gone. */
  static void answerIfStranded(DeadLetter deadLetter, Cluster cluster) {
    if (!HAND_OFF.isInstance(deadLetter.message())) {
      return;
    }
    Optional<String> gone = whyGone(deadLetter.recipient().path().address(), cluster);
    if (gone.isEmpty()) {
      return;
    }
    String shard;
    Object stopped;
    try {
      shard = (String) SHARD_OF_HAND_OFF.invoke(deadLetter.message());
      stopped = SHARD_STOPPED.invoke(shard);
    } catch (Throwable unexpected) {
      LOG.warn("could not answer the hand-off order {}: {}", deadLetter.message(), unexpected.toString());
      return;
    }
    LOG.info(
        "shard {}: hand-off order to region {}, which is gone ({}), answered as stopped on its behalf, "
            + "so the coordinator need not wait for handoff-timeout",
        shard, deadLetter.recipient(), gone.get());
    deadLetter.sender().tell(stopped, org.apache.pekko.actor.ActorRef.noSender());
  }

  private static Optional<String> whyGone(Address regionAddress, Cluster cluster) {
    if (!regionAddress.hasGlobalScope() || regionAddress.equals(cluster.selfAddress())) {
      // A local ref in dead letters is not alive: a stopped region, or a previous incarnation's.
      return Optional.of("not alive on this node");
    }
    for (Member member : cluster.state().getMembers()) {
      if (member.address().equals(regionAddress)) {
        return Optional.empty();
      }
    }
    return Optional.of("its node " + regionAddress + " is not a member");
  }

  /** Starts the watcher on {@code system}, unless this Pekko lacks the messages it answers. */
  public static void start(ActorSystem<?> system) {
    if (HAND_OFF != null) {
      system.systemActorOf(create(), "atoll-stranded-hand-offs", org.apache.pekko.actor.typed.Props.empty());
    }
  }
}
