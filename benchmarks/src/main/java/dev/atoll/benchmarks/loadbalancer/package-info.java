/**
 * Side-by-side runs of the load-balancer module: throughput through a round-robin router against
 * telling the routees directly, and tail latency with one slow routee, least-outstanding against
 * round-robin. Each is a main class; rounds of the compared variants are interleaved in one run.
 */
@NullMarked
package dev.atoll.benchmarks.loadbalancer;

import org.jspecify.annotations.NullMarked;
