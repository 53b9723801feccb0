package dev.atoll.framework;

import dev.atoll.framework.internal.MemberSets;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * The node's view of cluster membership, as a typed actor: it turns Pekko Cluster's events into
 * Atoll's {@link MembershipEvent}s and keeps the current {@link MemberSet}.
 *
 * <p>Actors {@link Subscribe}; each subscriber first receives {@link CurrentMembers} and then every
 * change, in the order this node observed them. Every event carries the member set <em>after</em>
 * the change, so a subscriber never has to keep its own copy in step. Subscribers are watched and
 * dropped when they stop.
 *
 * @since 0.1.0
 */
public final class ClusterView {

  private ClusterView() {}

  /** Messages {@link ClusterView} accepts. */
  public sealed interface Command permits Subscribe, Unsubscribe, GetMembers, PekkoEvent {}

  /** Subscribe to membership events; {@link CurrentMembers} is sent first. */
  public record Subscribe(ActorRef<MembershipEvent> subscriber) implements Command {}

  public record Unsubscribe(ActorRef<MembershipEvent> subscriber) implements Command {}

  /** Ask for the current member set. */
  public record GetMembers(ActorRef<MemberSet> replyTo) implements Command {}

  /** A Pekko Cluster event, adapted (internal). */
  record PekkoEvent(ClusterEvent.ClusterDomainEvent event) implements Command {}

  /** What subscribers receive; {@link #members()} is the member set after the change. */
  public sealed interface MembershipEvent
      permits CurrentMembers, MemberUp, MemberLeaving, MemberUnreachable, MemberReachable,
          MemberDowned, MemberRemoved, SelfRemoved {
    MemberSet members();
  }

  /** The member set at the moment of subscribing. */
  public record CurrentMembers(MemberSet members) implements MembershipEvent {}

  /** {@code member} became Up. */
  public record MemberUp(Address member, MemberSet members) implements MembershipEvent {}

  /** {@code member} is leaving gracefully (its shards are being handed off). */
  public record MemberLeaving(Address member, MemberSet members) implements MembershipEvent {}

  /** This node's failure detector lost {@code member}. */
  public record MemberUnreachable(Address member, MemberSet members) implements MembershipEvent {}

  /** {@code member} answers heartbeats again. */
  public record MemberReachable(Address member, MemberSet members) implements MembershipEvent {}

  /**
   * {@code member} was downed (by the split brain resolver or an operator): it will be removed
   * and must not serve anything any more.
   */
  public record MemberDowned(Address member, MemberSet members) implements MembershipEvent {}

  /** {@code member} left the cluster for good (after leaving, or after being downed). */
  public record MemberRemoved(Address member, MemberSet members) implements MembershipEvent {}

  /** This node itself was removed from the cluster; it is shutting down. */
  public record SelfRemoved(Address self, MemberSet members) implements MembershipEvent {}

  /**
   * The view's behavior. {@code published} receives every new member set (the {@link AtollNode}
   * handle keeps the latest for code outside actors).
   */
  public static Behavior<Command> create(Consumer<MemberSet> published) {
    return Behaviors.setup(
        context -> {
          Cluster cluster = Cluster.get(context.getSystem());
          ActorRef<ClusterEvent.MemberEvent> memberEvents =
              context.messageAdapter(ClusterEvent.MemberEvent.class, PekkoEvent::new);
          ActorRef<ClusterEvent.ReachabilityEvent> reachabilityEvents =
              context.messageAdapter(ClusterEvent.ReachabilityEvent.class, PekkoEvent::new);
          cluster
              .subscriptions()
              .tell(org.apache.pekko.cluster.typed.Subscribe.create(memberEvents, ClusterEvent.MemberEvent.class));
          cluster
              .subscriptions()
              .tell(
                  org.apache.pekko.cluster.typed.Subscribe.create(
                      reachabilityEvents, ClusterEvent.ReachabilityEvent.class));
          return new State(context, cluster.selfMember().address(), published).behavior();
        });
  }

  /** The mutable state of one view actor; confined to the actor. */
  private static final class State {
    private final ActorContext<Command> context;
    private final Address self;
    private final Consumer<MemberSet> published;
    private final Set<ActorRef<MembershipEvent>> subscribers = new HashSet<>();
    private MemberSet members = MemberSet.empty();

    State(ActorContext<Command> context, Address self, Consumer<MemberSet> published) {
      this.context = context;
      this.self = self;
      this.published = published;
    }

    Behavior<Command> behavior() {
      return Behaviors.receive(Command.class)
          .onMessage(Subscribe.class, this::onSubscribe)
          .onMessage(Unsubscribe.class, this::onUnsubscribe)
          .onMessage(GetMembers.class, this::onGetMembers)
          .onMessage(PekkoEvent.class, this::onPekkoEvent)
          .onSignal(Terminated.class, this::onSubscriberStopped)
          .build();
    }

    private Behavior<Command> onSubscribe(Subscribe subscribe) {
      if (subscribers.add(subscribe.subscriber())) {
        context.watch(subscribe.subscriber());
      }
      subscribe.subscriber().tell(new CurrentMembers(members));
      return Behaviors.same();
    }

    private Behavior<Command> onUnsubscribe(Unsubscribe unsubscribe) {
      if (subscribers.remove(unsubscribe.subscriber())) {
        context.unwatch(unsubscribe.subscriber());
      }
      return Behaviors.same();
    }

    private Behavior<Command> onGetMembers(GetMembers get) {
      get.replyTo().tell(members);
      return Behaviors.same();
    }

    private Behavior<Command> onSubscriberStopped(Terminated terminated) {
      subscribers.removeIf(s -> s.equals(terminated.getRef()));
      return Behaviors.same();
    }

    private Behavior<Command> onPekkoEvent(PekkoEvent wrapped) {
      ClusterEvent.ClusterDomainEvent event = wrapped.event();
      if (event instanceof ClusterEvent.MemberJoined e) {
        update(members.with(toMember(e.member(), MemberSet.Status.JOINING)));
      } else if (event instanceof ClusterEvent.MemberWeaklyUp e) {
        update(members.with(toMember(e.member(), MemberSet.Status.WEAKLY_UP)));
      } else if (event instanceof ClusterEvent.MemberUp e) {
        update(members.with(toMember(e.member(), MemberSet.Status.UP)));
        publish(new MemberUp(e.member().address(), members));
      } else if (event instanceof ClusterEvent.MemberLeft e) {
        update(members.with(toMember(e.member(), MemberSet.Status.LEAVING)));
        publish(new MemberLeaving(e.member().address(), members));
      } else if (event instanceof ClusterEvent.MemberExited e) {
        update(members.with(toMember(e.member(), MemberSet.Status.EXITING)));
      } else if (event instanceof ClusterEvent.MemberDowned e) {
        update(members.with(toMember(e.member(), MemberSet.Status.DOWN)));
        publish(new MemberDowned(e.member().address(), members));
      } else if (event instanceof ClusterEvent.MemberRemoved e) {
        Address removed = e.member().address();
        update(members.without(removed));
        if (removed.equals(self)) {
          publish(new SelfRemoved(self, members));
        } else {
          publish(new MemberRemoved(removed, members));
        }
      } else if (event instanceof ClusterEvent.UnreachableMember e) {
        update(members.withReachable(e.member().address(), false));
        publish(new MemberUnreachable(e.member().address(), members));
      } else if (event instanceof ClusterEvent.ReachableMember e) {
        update(members.withReachable(e.member().address(), true));
        publish(new MemberReachable(e.member().address(), members));
      }
      return Behaviors.same();
    }

    private MemberSet.Member toMember(org.apache.pekko.cluster.Member member, MemberSet.Status status) {
      boolean reachable =
          members.member(member.address()).map(MemberSet.Member::reachable).orElse(true);
      return MemberSets.member(member, status, reachable);
    }

    private void update(MemberSet next) {
      members = next;
      published.accept(next);
    }

    private void publish(MembershipEvent event) {
      for (ActorRef<MembershipEvent> subscriber : subscribers) {
        subscriber.tell(event);
      }
    }
  }
}
