/**
 * The worker-pool sample: stateless jobs spread over workers on every node by a router declared in
 * HOCON. Read {@link dev.atoll.samples.workerpool.WorkerPool} first, then {@code worker-pool.conf}.
 */
@NullMarked
package dev.atoll.samples.workerpool;

import org.jspecify.annotations.NullMarked;
