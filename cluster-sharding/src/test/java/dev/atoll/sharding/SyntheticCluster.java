package dev.atoll.sharding;

import dev.atoll.framework.HashRing;
import dev.atoll.framework.MemberSet;
import dev.atoll.sharding.internal.ClusterMembership;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.apache.pekko.actor.Address;

/** A cluster membership the test sets member by member, as the allocation strategy sees it. */
final class SyntheticCluster implements ClusterMembership {

  private final Address self;
  private final TreeMap<Address, MemberState> members = new TreeMap<>(HashRing.MEMBER_ORDER);

  SyntheticCluster(Address self) {
    this.self = self;
  }

  SyntheticCluster up(Address... addresses) {
    for (Address address : addresses) {
      set(address, MemberSet.Status.UP, true, Set.of());
    }
    return this;
  }

  SyntheticCluster set(Address address, MemberSet.Status status, boolean reachable, Set<String> roles) {
    members.put(address, new MemberState(address, status, reachable, roles));
    return this;
  }

  SyntheticCluster remove(Address address) {
    members.remove(address);
    return this;
  }

  @Override
  public Address selfAddress() {
    return self;
  }

  @Override
  public List<MemberState> members() {
    return new ArrayList<>(members.values());
  }
}
