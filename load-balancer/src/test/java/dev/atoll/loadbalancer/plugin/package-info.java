/** Routing strategies as users write them, for the tests that name strategies by class. */
@NullMarked
package dev.atoll.loadbalancer.plugin;

import org.jspecify.annotations.NullMarked;
