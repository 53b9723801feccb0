/**
 * The {@code bin/atoll} command line (picocli): {@code atoll node} starts one node.
 */
@NullMarked
package dev.atoll.samples.launcher;

import org.jspecify.annotations.NullMarked;
