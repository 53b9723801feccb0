/**
 * A throw-away PostgreSQL server for the baselines that run pekko-persistence-jdbc on PostgreSQL:
 * installed if missing, started on 127.0.0.1 with a data directory of its own, stopped by its PID.
 */
@NullMarked
package dev.atoll.benchmarks.postgres;

import org.jspecify.annotations.NullMarked;
