/**
 * Load-balancing routers declared in HOCON under {@code atoll.load-balancer.routers}: round-robin,
 * random, consistent-hash, least-outstanding and weighted, over routees on every node. Not built yet:
 * this package will hold {@code LoadBalancers.get(system).router(name, type)} and the router actors.
 */
@NullMarked
package dev.atoll.loadbalancer;

import org.jspecify.annotations.NullMarked;
