package dev.atoll.sharding.internal;

import dev.atoll.framework.MemberSet;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.Address;

/**
 * The membership facts the allocation strategy decides on, behind an interface so that its
 * decisions can be tested on synthetic clusters. {@link PekkoClusterMembership} reads them from
 * Pekko Cluster.
 */
public interface ClusterMembership {

  /** The cluster address of this node: the address of every region ref that has no host. */
  Address selfAddress();

  /** Every member this node currently knows, whatever its status. */
  List<MemberState> members();

  /** Whether this node's failure detector currently misses any member (the common case: no). */
  default boolean anyUnreachable() {
    return members().stream().anyMatch(member -> !member.reachable());
  }

  /**
   * One member as seen by this node.
   *
   * @param address its cluster address
   * @param status its lifecycle status
   * @param reachable whether this node's failure detector reaches it
   * @param roles its cluster roles
   */
  record MemberState(Address address, MemberSet.Status status, boolean reachable, Set<String> roles) {
    public MemberState {
      roles = Set.copyOf(roles);
    }
  }
}
