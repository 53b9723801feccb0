/**
 * What authors of routing strategies implement: {@link dev.atoll.loadbalancer.spi.RoutingStrategy}
 * chooses one {@link dev.atoll.loadbalancer.spi.Routee} per message; the router owns the
 * routee list, the reachability filtering, the in-flight counts and the counters.
 */
@NullMarked
package dev.atoll.loadbalancer.spi;

import org.jspecify.annotations.NullMarked;
