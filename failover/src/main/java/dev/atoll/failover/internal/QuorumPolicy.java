package dev.atoll.failover.internal;

/**
 * The quorum sizes of the failover protocol for a replica set of {@code n} members.
 *
 * <p>Writes need {@code W} stored copies (primary included). A new primary needs promises from
 * {@code P = max(n - W + 1, n / 2 + 1)} members of every replica set it covers: {@code P + W > n}
 * makes every promise quorum meet every write quorum (no acknowledged write is missed), and
 * {@code P > n / 2} makes two promise quorums meet (a candidate always learns of a competing,
 * possibly established epoch). ARCHITECTURE.md's {@code R = n - W + 1} alone does not give the
 * second property when {@code W > n / 2 + 1}.
 *
 * @param fixedWriteQuorum the configured W, or 0 for "majority of the replica set"
 */
public record QuorumPolicy(int fixedWriteQuorum) {

  public static QuorumPolicy majority() {
    return new QuorumPolicy(0);
  }

  public int writeQuorum(int n) {
    requirePositive(n);
    return fixedWriteQuorum == 0 ? n / 2 + 1 : Math.min(fixedWriteQuorum, n);
  }

  public int promiseQuorum(int n) {
    requirePositive(n);
    return Math.max(n - writeQuorum(n) + 1, n / 2 + 1);
  }

  private static void requirePositive(int n) {
    if (n <= 0) {
      throw new IllegalArgumentException("a replica set needs at least one member, got " + n);
    }
  }
}
