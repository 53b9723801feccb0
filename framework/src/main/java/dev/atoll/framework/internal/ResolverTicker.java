package dev.atoll.framework.internal;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.pekko.actor.ActorSelection;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.UniqueAddress;
import org.apache.pekko.cluster.sbr.SplitBrainResolver;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * Lets Pekko's split brain resolver down a crashed node within {@code check-interval} of its
 * {@code stable-after} deadline rather than up to a second after it. The resolver checks the
 * deadline only on a tick of its own, hard-coded to one second, so a failover waited 0-1 s (0.5 s
 * on average) for the next tick after the unreachable set had been stable long enough. While any
 * member is unreachable this actor sends the resolver that same tick message every interval; the
 * resolver's tick compares the deadline and acts only if it has passed, so extra ticks change when
 * the resolver acts, never what it decides. With no member unreachable (or only members already
 * downed) it sends nothing.
 *
 * <p>Two Pekko internals are used, both checked by {@code ResolverTickerTest} against the Pekko on
 * the class path: where the resolver lives ({@link #RESOLVER_PATH}, the cluster daemon's downing
 * actor) and its tick message.
 */
public final class ResolverTicker {

  /** Where Pekko's cluster daemon starts the downing provider's actor (the split brain resolver). */
  public static final String RESOLVER_PATH = "/system/cluster/core/daemon/downingProvider";

  /** The message Pekko's resolver schedules for itself once a second. */
  static final Object RESOLVER_TICK = SplitBrainResolver.Tick$.MODULE$;

  /** What the ticker handles. */
  sealed interface Command permits Reachability, Tick {}

  /** A member became unreachable ({@code unreachable}), or reachable again, downed or removed. */
  record Reachability(UniqueAddress member, boolean unreachable) implements Command {}

  private enum Tick implements Command { INSTANCE }

  private ResolverTicker() {}

  /** Ticks this node's resolver every {@code interval} while a member is unreachable. */
  public static Behavior<Command> create(Duration interval) {
    return Behaviors.setup(context -> {
      ActorSelection resolver = Adapter.toClassic(context.getSystem()).actorSelection(RESOLVER_PATH);
      ActorRef<ClusterEvent.ReachabilityEvent> reachability = context.messageAdapter(
          ClusterEvent.ReachabilityEvent.class,
          event -> new Reachability(event.member().uniqueAddress(), event instanceof ClusterEvent.UnreachableMember));
      // A member downed or removed needs no decision any more, whether or not it is reachable.
      ActorRef<ClusterEvent.MemberDowned> downs =
          context.messageAdapter(ClusterEvent.MemberDowned.class, downed -> new Reachability(downed.member().uniqueAddress(), false));
      ActorRef<ClusterEvent.MemberRemoved> removals =
          context.messageAdapter(ClusterEvent.MemberRemoved.class, removed -> new Reachability(removed.member().uniqueAddress(), false));
      Cluster cluster = Cluster.get(context.getSystem());
      cluster.subscriptions().tell(Subscribe.create(reachability, ClusterEvent.ReachabilityEvent.class));
      cluster.subscriptions().tell(Subscribe.create(downs, ClusterEvent.MemberDowned.class));
      cluster.subscriptions().tell(Subscribe.create(removals, ClusterEvent.MemberRemoved.class));
      return ticking(interval, message -> resolver.tell(message, org.apache.pekko.actor.ActorRef.noSender()));
    });
  }

  /** The ticker without a cluster subscription: {@code resolver} receives the ticks (tests). */
  static Behavior<Command> ticking(Duration interval, Consumer<Object> resolver) {
    return Behaviors.withTimers(timers -> running(new HashSet<>(), timers, interval, resolver));
  }

  private static Behavior<Command> running(
      Set<UniqueAddress> unreachable, TimerScheduler<Command> timers, Duration interval, Consumer<Object> resolver) {
    return Behaviors.receive(Command.class)
        .onMessage(Reachability.class, change -> {
          boolean wasTicking = !unreachable.isEmpty();
          if (change.unreachable()) {
            unreachable.add(change.member());
          } else {
            unreachable.remove(change.member());
          }
          if (!wasTicking && !unreachable.isEmpty()) {
            timers.startTimerWithFixedDelay(Tick.INSTANCE, interval); // no catch-up bursts after a pause
          } else if (wasTicking && unreachable.isEmpty()) {
            timers.cancel(Tick.INSTANCE);
          }
          return Behaviors.same();
        })
        .onMessageEquals(Tick.INSTANCE, () -> {
          resolver.accept(RESOLVER_TICK);
          return Behaviors.same();
        })
        .build();
  }
}
