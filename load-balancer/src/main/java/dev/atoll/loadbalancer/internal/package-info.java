/**
 * The load balancer's machinery, free to change: the router actor, the strategies, the member
 * tracker and the settings reader. Users go through {@link dev.atoll.loadbalancer.LoadBalancers}.
 */
@NullMarked
package dev.atoll.loadbalancer.internal;

import org.jspecify.annotations.NullMarked;
