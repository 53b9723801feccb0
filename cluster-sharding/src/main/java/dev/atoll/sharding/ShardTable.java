package dev.atoll.sharding;

import dev.atoll.framework.HashRing;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.pekko.actor.Address;

/**
 * Where every shard lives: for a member set, the replica set {@code [primary, backup1, ...]} of
 * each shard, of size {@code min(replication-factor, members)}.
 *
 * <p>A table is a pure function of (member set, number of shards, replication factor, virtual
 * nodes, max load factor): every node that sees the same members computes the same table,
 * whatever order it learnt them in. Instances are immutable and safe to share between threads.
 *
 * <h2>Placement</h2>
 *
 * <p>Shard {@code s} sits on the {@link HashRing} at the position of the UTF-8 string
 * {@code "shard-" + s} (for example {@code shard-17}). This key format is part of Atoll's stable
 * placement format: changing it would move every shard of every running cluster, so it never
 * changes.
 *
 * <ul>
 *   <li><b>Unbounded</b> (no max load factor, the default): the replica set of a shard is the first
 *       {@code replication-factor} distinct members clockwise from its key. Adding a member moves
 *       only the shards whose primary becomes the new member; removing one moves only its shards,
 *       each to its first backup.
 *   <li><b>Bounded loads</b> (consistent hashing with bounded loads, Mirrokni, Thorup and
 *       Zadimoghaddam, 2018): with factor {@code c >= 1} each member may be primary of at most
 *       {@code ceil(c * shards / members)} shards. Shards are taken in ring order of their keys
 *       (ties by shard number) and each gets as primary the first member clockwise from its key
 *       whose load is still under the cap; its backups are the next distinct members clockwise,
 *       skipping the primary. Still deterministic; movement on a membership change stays small
 *       but is no longer exactly minimal.
 * </ul>
 *
 * @since 0.1.0
 */
public final class ShardTable {

  /** The prefix of a shard's ring key: shard {@code s} is placed at {@code "shard-" + s}. */
  public static final String SHARD_KEY_PREFIX = "shard-";

  private final Address[] members;
  private final int numberOfShards;
  private final int replicationFactor;
  private final int virtualNodes;
  private final Optional<Double> maxLoadFactor;
  /** {@code replicas[s]} holds indexes into {@link #members}: primary first. */
  private final int[][] replicas;

  private ShardTable(
      Address[] members,
      int numberOfShards,
      int replicationFactor,
      int virtualNodes,
      Optional<Double> maxLoadFactor,
      int[][] replicas) {
    this.members = members;
    this.numberOfShards = numberOfShards;
    this.replicationFactor = replicationFactor;
    this.virtualNodes = virtualNodes;
    this.maxLoadFactor = maxLoadFactor;
    this.replicas = replicas;
  }

  /**
   * The table of {@code members} with the placement settings of {@code settings}.
   *
   * @throws IllegalArgumentException if a member has no host and port
   */
  public static ShardTable of(Collection<Address> members, ShardingSettings settings) {
    return of(
        members,
        settings.numberOfShards(),
        settings.replicationFactor(),
        settings.virtualNodes(),
        settings.maxLoadFactor());
  }

  /**
   * The table of {@code members}.
   *
   * @param members cluster addresses (with host and port); duplicates are ignored; may be empty
   * @param numberOfShards shards are numbered {@code 0 .. numberOfShards-1}; must be > 0
   * @param replicationFactor replicas per shard, primary included; must be > 0
   * @param virtualNodes ring points per member; must be > 0
   * @param maxLoadFactor empty for plain consistent hashing, or the bounded-loads factor, >= 1.0
   * @throws IllegalArgumentException if an argument is out of range or a member has no host/port
   */
  public static ShardTable of(
      Collection<Address> members,
      int numberOfShards,
      int replicationFactor,
      int virtualNodes,
      Optional<Double> maxLoadFactor) {
    if (numberOfShards <= 0) {
      throw new IllegalArgumentException("numberOfShards = " + numberOfShards + ": must be > 0");
    }
    if (replicationFactor <= 0) {
      throw new IllegalArgumentException(
          "replicationFactor = " + replicationFactor + ": must be > 0");
    }
    if (maxLoadFactor.isPresent() && !(maxLoadFactor.get() >= 1.0)) {
      throw new IllegalArgumentException(
          "maxLoadFactor = " + maxLoadFactor.get() + ": must be >= 1.0 (or empty for unbounded)");
    }
    HashRing ring = HashRing.of(members, virtualNodes);
    Address[] sorted = ring.members().toArray(new Address[0]);
    int[][] replicas;
    if (sorted.length == 0) {
      replicas = new int[numberOfShards][0];
    } else if (maxLoadFactor.isEmpty()) {
      replicas = unbounded(ring, sorted, numberOfShards, replicationFactor);
    } else {
      replicas = bounded(ring, sorted, numberOfShards, replicationFactor, maxLoadFactor.get());
    }
    return new ShardTable(
        sorted, numberOfShards, replicationFactor, virtualNodes, maxLoadFactor, replicas);
  }

  /** The ring key of {@code shard}: {@code "shard-" + shard}. A stable format; see the class comment. */
  public static String ringKey(int shard) {
    return SHARD_KEY_PREFIX + shard;
  }

  private static int[][] unbounded(
      HashRing ring, Address[] sorted, int numberOfShards, int replicationFactor) {
    Map<Address, Integer> index = indexOf(sorted);
    int[][] replicas = new int[numberOfShards][];
    for (int shard = 0; shard < numberOfShards; shard++) {
      List<Address> owners = ring.owners(ringKey(shard), replicationFactor);
      replicas[shard] = owners.stream().mapToInt(index::get).toArray();
    }
    return replicas;
  }

  private static int[][] bounded(
      HashRing ring,
      Address[] sorted,
      int numberOfShards,
      int replicationFactor,
      double factor) {
    Map<Address, Integer> index = indexOf(sorted);
    int cap = (int) Math.ceil(factor * numberOfShards / sorted.length);
    int wanted = Math.min(replicationFactor, sorted.length);
    long[] positions = new long[numberOfShards];
    Integer[] order = new Integer[numberOfShards];
    for (int shard = 0; shard < numberOfShards; shard++) {
      positions[shard] = HashRing.positionOf(ringKey(shard));
      order[shard] = shard;
    }
    // Ring order makes the greedy assignment independent of shard numbering; ties by shard number.
    Arrays.sort(
        order,
        Comparator.comparingLong((Integer s) -> positions[s]).thenComparingInt(s -> s));
    int[] load = new int[sorted.length];
    int[][] replicas = new int[numberOfShards][];
    for (int shard : order) {
      List<Address> clockwise = ring.ownersAt(positions[shard], sorted.length);
      int primary = -1;
      for (Address candidate : clockwise) {
        int m = index.get(candidate);
        if (load[m] < cap) {
          primary = m;
          break;
        }
      }
      // cap * members >= factor * shards >= shards, so some member is always under the cap.
      load[primary]++;
      int[] set = new int[wanted];
      set[0] = primary;
      int filled = 1;
      for (Address candidate : clockwise) {
        int m = index.get(candidate);
        if (filled < wanted && m != primary) {
          set[filled++] = m;
        }
      }
      replicas[shard] = set;
    }
    return replicas;
  }

  private static Map<Address, Integer> indexOf(Address[] sorted) {
    Map<Address, Integer> index = new HashMap<>();
    for (int i = 0; i < sorted.length; i++) {
      index.put(sorted[i], i);
    }
    return index;
  }

  /**
   * The moves that turn {@code before} into {@code after}: one {@link MovementPlan.Move} per shard
   * whose primary differs, in shard order. Shards without a primary in either table (an empty
   * member set) are not moves: they are allocated afresh.
   *
   * @throws IllegalArgumentException if the tables have different numbers of shards
   */
  public static MovementPlan plan(ShardTable before, ShardTable after) {
    if (before.numberOfShards != after.numberOfShards) {
      throw new IllegalArgumentException(
          "cannot plan between tables of "
              + before.numberOfShards
              + " and "
              + after.numberOfShards
              + " shards: the number of shards never changes on a running cluster");
    }
    List<MovementPlan.Move> moves = new ArrayList<>();
    if (!before.isEmpty() && !after.isEmpty()) {
      for (int shard = 0; shard < before.numberOfShards; shard++) {
        Address from = before.primary(shard);
        Address to = after.primary(shard);
        if (!from.equals(to)) {
          moves.add(new MovementPlan.Move(shard, from, to));
        }
      }
    }
    return MovementPlan.of(moves);
  }

  /** The members of this table, in {@link HashRing#MEMBER_ORDER}. */
  public SortedSet<Address> members() {
    TreeSet<Address> set = new TreeSet<>(HashRing.MEMBER_ORDER);
    set.addAll(Arrays.asList(members));
    return Collections.unmodifiableSortedSet(set);
  }

  public boolean isEmpty() {
    return members.length == 0;
  }

  public int numberOfShards() {
    return numberOfShards;
  }

  public int replicationFactor() {
    return replicationFactor;
  }

  public int virtualNodes() {
    return virtualNodes;
  }

  /** The bounded-loads factor, or empty for plain consistent hashing. */
  public Optional<Double> maxLoadFactor() {
    return maxLoadFactor;
  }

  /**
   * The replica set of {@code shard}: primary first, then backups in failover order. Its size is
   * {@code min(replicationFactor, members)}; empty if the table has no members.
   *
   * @throws IndexOutOfBoundsException if {@code shard} is not in {@code [0, numberOfShards)}
   */
  public List<Address> replicas(int shard) {
    int[] set = replicas[checkShard(shard)];
    List<Address> result = new ArrayList<>(set.length);
    for (int m : set) {
      result.add(members[m]);
    }
    return Collections.unmodifiableList(result);
  }

  /**
   * The primary of {@code shard}.
   *
   * @throws IllegalStateException if the table has no members
   */
  public Address primary(int shard) {
    int[] set = replicas[checkShard(shard)];
    if (set.length == 0) {
      throw new IllegalStateException("the shard table has no members: shard " + shard + " has no primary");
    }
    return members[set[0]];
  }

  /** The primary of {@code shard}, or empty if the table has no members. */
  public Optional<Address> primaryIfAny(int shard) {
    int[] set = replicas[checkShard(shard)];
    return set.length == 0 ? Optional.empty() : Optional.of(members[set[0]]);
  }

  /** The shards {@code member} is primary of, ascending. */
  public List<Integer> primaryShardsOf(Address member) {
    List<Integer> result = new ArrayList<>();
    for (int shard = 0; shard < numberOfShards; shard++) {
      int[] set = replicas[shard];
      if (set.length > 0 && members[set[0]].equals(member)) {
        result.add(shard);
      }
    }
    return Collections.unmodifiableList(result);
  }

  /** How many shards each member is primary of (members with none are listed with 0). */
  public SortedMap<Address, Integer> primaryCounts() {
    TreeMap<Address, Integer> counts = new TreeMap<>(HashRing.MEMBER_ORDER);
    for (Address member : members) {
      counts.put(member, 0);
    }
    for (int[] set : replicas) {
      if (set.length > 0) {
        counts.merge(members[set[0]], 1, Integer::sum);
      }
    }
    return Collections.unmodifiableSortedMap(counts);
  }

  private int checkShard(int shard) {
    if (shard < 0 || shard >= numberOfShards) {
      throw new IndexOutOfBoundsException(
          "shard " + shard + " is not in [0, " + numberOfShards + ")");
    }
    return shard;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ShardTable that
        && numberOfShards == that.numberOfShards
        && replicationFactor == that.replicationFactor
        && virtualNodes == that.virtualNodes
        && maxLoadFactor.equals(that.maxLoadFactor)
        && Arrays.equals(members, that.members)
        && Arrays.deepEquals(replicas, that.replicas);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(members) * 31 + Arrays.deepHashCode(replicas);
  }

  @Override
  public String toString() {
    return "ShardTable("
        + members.length
        + " members, "
        + numberOfShards
        + " shards, replication factor "
        + replicationFactor
        + maxLoadFactor.map(f -> ", max load factor " + f).orElse("")
        + ")";
  }
}
