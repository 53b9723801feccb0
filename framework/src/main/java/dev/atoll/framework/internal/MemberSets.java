package dev.atoll.framework.internal;

import dev.atoll.framework.MemberSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.pekko.actor.Address;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;

/** Converts Pekko Cluster's member representation into Atoll's {@link MemberSet}. */
public final class MemberSets {

  private MemberSets() {}

  /** A snapshot of Pekko's cluster state as a member set. */
  public static MemberSet fromClusterState(ClusterEvent.CurrentClusterState state) {
    Set<Address> unreachable = new HashSet<>();
    for (Member member : state.getUnreachable()) {
      unreachable.add(member.address());
    }
    List<MemberSet.Member> members = new ArrayList<>();
    for (Member member : state.getMembers()) {
      MemberSet.Status status = status(member.status());
      if (status != null) {
        members.add(member(member, status, !unreachable.contains(member.address())));
      }
    }
    return MemberSet.of(members);
  }

  /** Atoll's view of one Pekko member, without Pekko's internal data-center role. */
  public static MemberSet.Member member(Member member, MemberSet.Status status, boolean reachable) {
    TreeSet<String> roles = new TreeSet<>();
    for (String role : member.getRoles()) {
      if (!role.startsWith("dc-")) {
        roles.add(role);
      }
    }
    return new MemberSet.Member(member.address(), status, reachable, roles);
  }

  /** Atoll's status for a Pekko status; null for Removed (a removed member is not in the set). */
  public static MemberSet.Status status(MemberStatus status) {
    if (status == MemberStatus.joining()) {
      return MemberSet.Status.JOINING;
    } else if (status == MemberStatus.weaklyUp()) {
      return MemberSet.Status.WEAKLY_UP;
    } else if (status == MemberStatus.up()) {
      return MemberSet.Status.UP;
    } else if (status == MemberStatus.leaving()) {
      return MemberSet.Status.LEAVING;
    } else if (status == MemberStatus.exiting()) {
      return MemberSet.Status.EXITING;
    } else if (status == MemberStatus.down()) {
      return MemberSet.Status.DOWN;
    } else if (status == MemberStatus.removed()) {
      return null;
    }
    // PreparingForShutdown / ReadyForShutdown (a whole-cluster shutdown in progress): on the way out.
    return MemberSet.Status.LEAVING;
  }
}
