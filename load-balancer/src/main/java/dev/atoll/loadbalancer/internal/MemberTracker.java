package dev.atoll.loadbalancer.internal;

import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.pekko.actor.Address;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;

/**
 * Which cluster members a router may send to, from Pekko's member and reachability events: a member
 * is eligible unless this node sees it unreachable, or it is leaving, exiting, down or removed. Also
 * remembers each member's roles (for weights). Members never heard of are eligible: a routee can
 * appear in the Receptionist before its member's Up event arrives here, and the Receptionist only
 * lists routees of members that joined.
 *
 * <p>Confined to the router's controller actor. In an ActorSystem without cluster, every routee is
 * local and eligible.
 */
final class MemberTracker {

  private final Address selfAddress;
  private final Set<Address> unreachable = new HashSet<>();
  private final Set<Address> notServing = new HashSet<>();
  private final Map<Address, SortedSet<String>> roles = new HashMap<>();

  MemberTracker(Address selfAddress) {
    this.selfAddress = selfAddress;
  }

  /** The cluster address of a routee's member (a local actor's path carries no host). */
  Address memberOf(Address routeeAddress) {
    return routeeAddress.hasGlobalScope() ? routeeAddress : selfAddress;
  }

  boolean isEligible(Address routeeAddress) {
    Address member = memberOf(routeeAddress);
    return !unreachable.contains(member) && !notServing.contains(member);
  }

  SortedSet<String> rolesOf(Address routeeAddress) {
    return roles.getOrDefault(memberOf(routeeAddress), Collections.emptySortedSet());
  }

  /** Applies one event; true if eligibility or roles may have changed. */
  boolean apply(ClusterEvent.ClusterDomainEvent event) {
    if (event instanceof ClusterEvent.UnreachableMember e) {
      return unreachable.add(e.member().address());
    } else if (event instanceof ClusterEvent.ReachableMember e) {
      return unreachable.remove(e.member().address());
    } else if (event instanceof ClusterEvent.MemberUp e) {
      remember(e.member());
      notServing.remove(e.member().address()); // a restarted node may come back on the same address
      return true;
    } else if (event instanceof ClusterEvent.MemberWeaklyUp e) {
      remember(e.member());
      return true;
    } else if (event instanceof ClusterEvent.MemberLeft
        || event instanceof ClusterEvent.MemberExited
        || event instanceof ClusterEvent.MemberDowned
        || event instanceof ClusterEvent.MemberRemoved) {
      Member member = ((ClusterEvent.MemberEvent) event).member();
      return notServing.add(member.address());
    }
    return false;
  }

  private void remember(Member member) {
    TreeSet<String> memberRoles = new TreeSet<>();
    for (String role : member.getRoles()) {
      if (!role.startsWith("dc-")) { // Pekko gives every member its data-center role
        memberRoles.add(role);
      }
    }
    roles.put(member.address(), Collections.unmodifiableSortedSet(memberRoles));
  }
}
