package dev.atoll.benchmarks.loadbalancer;

/**
 * Stand-in for a message handler's CPU work: a loop of 64-bit mixing whose iteration count is
 * calibrated once so that {@link #spin} takes about the requested time on this machine.
 */
final class CpuWork {

  private CpuWork() {}

  /** Iterations of {@link #spin} that take about {@code nanos} here; 0 for no work. */
  static long iterationsFor(long nanos) {
    if (nanos <= 0) {
      return 0;
    }
    long iterations = 1_000_000;
    long sink = 0;
    for (int warm = 0; warm < 20; warm++) {
      sink += spin(warm, iterations);
    }
    // The fastest of several timings: on a shared machine the slower ones include other processes.
    double nanosPerIteration = Double.MAX_VALUE;
    for (int attempt = 0; attempt < 10; attempt++) {
      long start = System.nanoTime();
      sink += spin(attempt, iterations);
      nanosPerIteration = Math.min(nanosPerIteration, (System.nanoTime() - start) / (double) iterations);
    }
    if (sink == 42) {
      System.out.print(""); // keeps the JIT from removing the loop
    }
    return Math.max(1, Math.round(nanos / nanosPerIteration));
  }

  static long spin(long seed, long iterations) {
    long h = seed;
    for (long i = 0; i < iterations; i++) {
      h ^= h >>> 33;
      h *= 0xff51afd7ed558ccdL;
      h += i;
    }
    return h;
  }
}
