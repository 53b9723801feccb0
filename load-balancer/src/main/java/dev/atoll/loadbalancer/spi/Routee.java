package dev.atoll.loadbalancer.spi;

import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.pekko.actor.Address;

/**
 * A routee as a {@link RoutingStrategy} sees it: an identity that is stable for the routee's life
 * and the same on every node, the cluster member it runs on and that member's roles.
 *
 * @param id the routee's actor path with its node's address ({@code
 *     pekko://atoll@10.0.0.1:2551/user/worker-1}), without the actor's uid; the router lists
 *     routees in ascending {@code id} order
 * @param address the cluster address of the member the routee runs on (host and port always set
 *     in a cluster; a local routee carries its own node's address)
 * @param roles the member's cluster roles (Pekko's {@code dc-*} role left out), empty if unknown
 * @since 0.1.0
 */
public record Routee(String id, Address address, SortedSet<String> roles) {

  public Routee {
    roles = Collections.unmodifiableSortedSet(new TreeSet<>(roles));
  }

  /** {@code host:port} of the routee's member, the form weights by address are written in. */
  public String hostPort() {
    return address.getHost().orElse("") + ":" + address.getPort().map(String::valueOf).orElse("");
  }
}
