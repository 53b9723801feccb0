/**
 * Load-balancing routers declared in HOCON under {@code atoll.load-balancer.routers}: {@link
 * dev.atoll.loadbalancer.LoadBalancers#get} is the entry point, {@link
 * dev.atoll.loadbalancer.RoutedRequest} and {@link dev.atoll.loadbalancer.ConsistentHashable} are
 * what messages implement to be tracked or hashed, {@link dev.atoll.loadbalancer.RouterStats} holds
 * a router's counters, and {@link dev.atoll.loadbalancer.LoadBalancerSettings} the validated
 * configuration.
 */
@NullMarked
package dev.atoll.loadbalancer;

import org.jspecify.annotations.NullMarked;
