package dev.atoll.sharding.internal;

import dev.atoll.framework.MemberSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Address;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;

/**
 * {@link ClusterMembership} read from Pekko Cluster's current state on each call. Reading
 * {@link Cluster#state()} is a volatile read of an immutable snapshot, so it is cheap and safe from
 * the shard coordinator's thread.
 */
public final class PekkoClusterMembership implements ClusterMembership {

  private final Cluster cluster;

  public PekkoClusterMembership(ActorSystem system) {
    this.cluster = Cluster.get(system);
  }

  @Override
  public Address selfAddress() {
    return cluster.selfAddress();
  }

  @Override
  public List<MemberState> members() {
    ClusterEvent.CurrentClusterState state = cluster.state();
    Set<Member> unreachable = state.getUnreachable();
    List<MemberState> result = new ArrayList<>();
    for (Member member : state.getMembers()) {
      result.add(
          new MemberState(
              member.address(),
              statusOf(member.status()),
              !unreachable.contains(member),
              member.getRoles()));
    }
    return result;
  }

  @Override
  public boolean anyUnreachable() {
    return !cluster.state().getUnreachable().isEmpty(); // a snapshot field read, no member list built
  }

  static MemberSet.Status statusOf(MemberStatus status) {
    if (status.equals(MemberStatus.up())) {
      return MemberSet.Status.UP;
    } else if (status.equals(MemberStatus.joining())) {
      return MemberSet.Status.JOINING;
    } else if (status.equals(MemberStatus.weaklyUp())) {
      return MemberSet.Status.WEAKLY_UP;
    } else if (status.equals(MemberStatus.exiting())) {
      return MemberSet.Status.EXITING;
    } else if (status.equals(MemberStatus.down()) || status.equals(MemberStatus.removed())) {
      return MemberSet.Status.DOWN;
    }
    // Leaving, and the statuses of a full-cluster shutdown: on their way out.
    return MemberSet.Status.LEAVING;
  }
}
