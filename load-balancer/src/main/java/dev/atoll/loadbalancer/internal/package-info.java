/**
 * The load balancer's machinery, free to change: the routing on the sender's thread ({@link
 * dev.atoll.loadbalancer.internal.MessageRouter}, {@link dev.atoll.loadbalancer.internal.RouterRef}),
 * the controller actor that keeps each router's routee table, the strategies, the member tracker,
 * and the management routes. Users go through {@link dev.atoll.loadbalancer.LoadBalancers}.
 */
@NullMarked
package dev.atoll.loadbalancer.internal;

import org.jspecify.annotations.NullMarked;
