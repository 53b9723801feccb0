/**
 * Sample applications and the {@code bin/atoll} launcher. The launcher is in
 * {@link dev.atoll.samples.launcher}; the bank, ledger and worker-pool samples live in sub-packages.
 */
@NullMarked
package dev.atoll.samples;

import org.jspecify.annotations.NullMarked;
