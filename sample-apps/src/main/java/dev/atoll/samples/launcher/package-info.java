/**
 * The {@code bin/atoll} command line (picocli): {@code atoll node} starts one node, {@code atoll
 * demo} a local ledger cluster, {@code atoll chaos} a seeded soak of one under faults.
 */
@NullMarked
package dev.atoll.samples.launcher;

import org.jspecify.annotations.NullMarked;
