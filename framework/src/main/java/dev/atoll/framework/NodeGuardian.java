package dev.atoll.framework;

import dev.atoll.framework.internal.ResolverTicker;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;

/**
 * The guardian actor of an Atoll node: the root of every actor Atoll starts on it. It owns the
 * node's {@link ClusterView} and reacts to membership changes; later modules add their components
 * (shard regions, the replica endpoint, routers, the management endpoint) as its children, so that
 * one supervisor sees the whole node.
 *
 * <p>Membership changes are logged at INFO in one stable format, {@code membership: <EVENT>
 * <address> (up=<n>, unreachable=<m>)}, which operators grep for and the multi-JVM tests read.
 *
 * @since 0.1.0
 */
public final class NodeGuardian {

  private NodeGuardian() {}

  /** Messages the guardian accepts. */
  public sealed interface Command permits GetClusterView, Membership {}

  /** Replies with the node's {@link ClusterView} actor. */
  public record GetClusterView(ActorRef<ActorRef<ClusterView.Command>> replyTo) implements Command {}

  /** A membership event from the node's own view (internal). */
  record Membership(ClusterView.MembershipEvent event) implements Command {}

  /**
   * The guardian of a node with {@code settings}; {@code membersPublished} receives every new
   * member set.
   */
  public static Behavior<Command> create(AtollSettings settings, Consumer<MemberSet> membersPublished) {
    return Behaviors.setup(
        context -> {
          ActorRef<ClusterView.Command> view =
              context.spawn(ClusterView.create(membersPublished), "cluster-view");
          view.tell(new ClusterView.Subscribe(context.messageAdapter(ClusterView.MembershipEvent.class, Membership::new)));
          AtollSettings.Downing downing = settings.cluster().downing();
          if (downing.strategy() != AtollSettings.DowningStrategy.OFF) {
            context.spawn(ResolverTicker.create(downing.checkInterval()), "resolver-ticker");
          }
          context
              .getLog()
              .info(
                  "Atoll node {} started (data directory {}, {} shards, downing {})",
                  context.getSystem().address(),
                  settings.node().dataDirectory(),
                  settings.placement().numberOfShards(),
                  settings.cluster().downing().strategy().configName());
          return running(context, view);
        });
  }

  private static Behavior<Command> running(ActorContext<Command> context, ActorRef<ClusterView.Command> view) {
    Logger log = context.getLog();
    return Behaviors.receive(Command.class)
        .onMessage(
            GetClusterView.class,
            get -> {
              get.replyTo().tell(view);
              return Behaviors.same();
            })
        .onMessage(
            Membership.class,
            membership -> {
              logMembership(log, membership.event());
              return Behaviors.same();
            })
        .build();
  }

  private static void logMembership(Logger log, ClusterView.MembershipEvent event) {
    MemberSet members = event.members();
    String counts = "(up=" + members.up().size() + ", unreachable=" + members.unreachable().size() + ")";
    if (event instanceof ClusterView.MemberUp e) {
      log.info("membership: UP {} {}", e.member(), counts);
    } else if (event instanceof ClusterView.MemberLeaving e) {
      log.info("membership: LEAVING {} {}", e.member(), counts);
    } else if (event instanceof ClusterView.MemberUnreachable e) {
      log.warn("membership: UNREACHABLE {} {}", e.member(), counts);
    } else if (event instanceof ClusterView.MemberReachable e) {
      log.info("membership: REACHABLE {} {}", e.member(), counts);
    } else if (event instanceof ClusterView.MemberDowned e) {
      log.warn("membership: DOWNED {} {}", e.member(), counts);
    } else if (event instanceof ClusterView.MemberRemoved e) {
      log.info("membership: REMOVED {} {}", e.member(), counts);
    } else if (event instanceof ClusterView.SelfRemoved e) {
      log.info("membership: SELF-REMOVED {} {}", e.self(), counts);
    }
  }
}
