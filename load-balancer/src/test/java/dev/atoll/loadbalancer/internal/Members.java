package dev.atoll.loadbalancer.internal;

import java.util.Set;
import org.apache.pekko.actor.Address;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.UniqueAddress;
import org.apache.pekko.util.Version;

/** Pekko {@link Member} values for feeding cluster events to the router without a cluster. */
final class Members {

  private Members() {}

  static Member member(Address address, MemberStatus status, Set<String> roles) {
    return new Member(new UniqueAddress(address, 1L), 1, status,
        scala.jdk.javaapi.CollectionConverters.asScala(roles).toSet(), Version.Zero());
  }

  static Address address(String host) {
    return new Address("pekko", "atoll", host, 2551);
  }
}
