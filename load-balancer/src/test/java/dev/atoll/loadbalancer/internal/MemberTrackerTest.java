package dev.atoll.loadbalancer.internal;

import static dev.atoll.loadbalancer.internal.Members.address;
import static dev.atoll.loadbalancer.internal.Members.member;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.apache.pekko.actor.Address;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.MemberStatus;
import org.junit.jupiter.api.Test;

/** Which members a router may send to, from Pekko's member and reachability events. */
class MemberTrackerTest {

  private final Address self = address("10.0.0.1");
  private final Address other = address("10.0.0.2");
  private final MemberTracker tracker = new MemberTracker(self);

  @Test
  void anUnreachableMemberIsSkippedUntilItIsReachableAgain() {
    assertThat(tracker.isEligible(other)).isTrue();
    assertThat(tracker.apply(new ClusterEvent.UnreachableMember(member(other, MemberStatus.up(), Set.of())))).isTrue();
    assertThat(tracker.isEligible(other)).isFalse();
    assertThat(tracker.isEligible(self)).isTrue();
    tracker.apply(new ClusterEvent.ReachableMember(member(other, MemberStatus.up(), Set.of())));
    assertThat(tracker.isEligible(other)).isTrue();
  }

  @Test
  void leavingExitingDownedAndRemovedMembersAreSkipped() {
    Address leaving = address("10.0.0.3");
    Address exiting = address("10.0.0.4");
    Address downed = address("10.0.0.5");
    Address removed = address("10.0.0.6");
    tracker.apply(new ClusterEvent.MemberLeft(member(leaving, MemberStatus.leaving(), Set.of())));
    tracker.apply(new ClusterEvent.MemberExited(member(exiting, MemberStatus.exiting(), Set.of())));
    tracker.apply(new ClusterEvent.MemberDowned(member(downed, MemberStatus.down(), Set.of())));
    tracker.apply(new ClusterEvent.MemberRemoved(member(removed, MemberStatus.removed(), Set.of()), MemberStatus.down()));
    assertThat(Set.of(leaving, exiting, downed, removed)).noneMatch(tracker::isEligible);
  }

  @Test
  void aNodeRestartedOnTheSameAddressServesAgainOnceUp() {
    tracker.apply(new ClusterEvent.MemberRemoved(member(other, MemberStatus.removed(), Set.of()), MemberStatus.down()));
    tracker.apply(new ClusterEvent.MemberUp(member(other, MemberStatus.up(), Set.of())));
    assertThat(tracker.isEligible(other)).isTrue();
  }

  @Test
  void localRouteesBelongToThisNodeAndRolesComeFromMemberUp() {
    Address local = new Address("pekko", "atoll");
    assertThat(tracker.memberOf(local)).isEqualTo(self);
    tracker.apply(new ClusterEvent.MemberUp(member(self, MemberStatus.up(), Set.of("gpu", "dc-default"))));
    assertThat(tracker.rolesOf(local)).containsExactly("gpu");
    tracker.apply(new ClusterEvent.UnreachableMember(member(self, MemberStatus.up(), Set.of())));
    assertThat(tracker.isEligible(local)).isFalse();
  }
}
