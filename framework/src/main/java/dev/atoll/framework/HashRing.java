package dev.atoll.framework;

import dev.atoll.framework.internal.MurmurHash3;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.pekko.actor.Address;

/**
 * A consistent-hash ring over cluster members: each member owns {@code virtualNodes} points on a
 * 64-bit ring, and a key belongs to the member owning the first point at or clockwise after the
 * key's position.
 *
 * <p>Guarantees, each held by a property test:
 *
 * <ol>
 *   <li>The ring is a pure function of the member set and {@code virtualNodes}: every node of the
 *       cluster computes the same owners, whatever order it learnt the members in.
 *   <li>Adding a member changes the owner only of keys that the new member now owns; removing one
 *       moves only the keys it owned. This is what keeps shard movement minimal.
 *   <li>{@link #owners(String, int)} lists distinct members in ring order, so the first backup of a
 *       key is the member that becomes its owner if the owner is removed.
 * </ol>
 *
 * <p>Point {@code i} of a member sits at the first 64 bits of MurmurHash3 x64_128 of the UTF-8
 * string {@code host:port#i}; keys sit at the same hash of their own UTF-8 bytes. Members are
 * identified by host and port only, so a restarted node (new incarnation, same address) keeps its
 * place. Instances are immutable and safe to share between threads.
 *
 * @since 0.1.0
 */
public final class HashRing {

  /** Orders members by host, then port: the tie-break when two points share a position. */
  public static final Comparator<Address> MEMBER_ORDER =
      Comparator.comparing((Address a) -> a.getHost().orElse(""))
          .thenComparingInt(a -> a.getPort().orElse(0))
          .thenComparing(Address::toString);

  private static final int SEED = 0;

  private final Address[] members;
  private final int virtualNodes;
  /** Positions of all points, ascending. */
  private final long[] positions;
  /** {@code owners[i]} is the index in {@link #members} of the member owning {@code positions[i]}. */
  private final int[] pointOwners;

  private HashRing(Address[] members, int virtualNodes) {
    this.members = members;
    this.virtualNodes = virtualNodes;
    int points = members.length * virtualNodes;
    long[] rawPositions = new long[points];
    int[] rawOwners = new int[points];
    Integer[] order = new Integer[points];
    for (int m = 0; m < members.length; m++) {
      String prefix = hostPort(members[m]) + "#";
      for (int v = 0; v < virtualNodes; v++) {
        int point = m * virtualNodes + v;
        rawPositions[point] = positionOf(prefix + v);
        rawOwners[point] = m;
        order[point] = point;
      }
    }
    // Members are already sorted by MEMBER_ORDER, so ties on position break by member order.
    Arrays.sort(
        order,
        Comparator.comparingLong((Integer p) -> rawPositions[p]).thenComparingInt(p -> rawOwners[p]));
    this.positions = new long[points];
    this.pointOwners = new int[points];
    for (int i = 0; i < points; i++) {
      positions[i] = rawPositions[order[i]];
      pointOwners[i] = rawOwners[order[i]];
    }
  }

  /**
   * A ring over {@code members}, each with {@code virtualNodes} points.
   *
   * @throws IllegalArgumentException if {@code virtualNodes <= 0} or a member has no host or port
   */
  public static HashRing of(Collection<Address> members, int virtualNodes) {
    if (virtualNodes <= 0) {
      throw new IllegalArgumentException("virtualNodes = " + virtualNodes + ": must be > 0");
    }
    TreeSet<Address> sorted = new TreeSet<>(MEMBER_ORDER);
    for (Address member : members) {
      hostPort(member); // validates
      sorted.add(member);
    }
    return new HashRing(sorted.toArray(new Address[0]), virtualNodes);
  }

  /** The ring position of {@code key}: the first 64 bits of MurmurHash3 x64_128 of its UTF-8 bytes. */
  public static long positionOf(String key) {
    return MurmurHash3.hash64(key.getBytes(StandardCharsets.UTF_8), SEED);
  }

  /** The members of this ring, in {@link #MEMBER_ORDER}. */
  public SortedSet<Address> members() {
    TreeSet<Address> set = new TreeSet<>(MEMBER_ORDER);
    set.addAll(Arrays.asList(members));
    return Collections.unmodifiableSortedSet(set);
  }

  public int virtualNodes() {
    return virtualNodes;
  }

  public boolean isEmpty() {
    return members.length == 0;
  }

  /**
   * The owner of {@code key}.
   *
   * @throws IllegalStateException if the ring has no members
   */
  public Address owner(String key) {
    return ownerAt(positionOf(key));
  }

  /** The owner of the ring position {@code position}. */
  public Address ownerAt(long position) {
    requireMembers();
    return members[pointOwners[firstPointAtOrAfter(position)]];
  }

  /**
   * Up to {@code n} distinct members for {@code key}, clockwise from its position: the owner first,
   * then its successors. Returns {@code min(n, members)} members.
   */
  public List<Address> owners(String key, int n) {
    return ownersAt(positionOf(key), n);
  }

  /** {@link #owners(String, int)} for a ring position. */
  public List<Address> ownersAt(long position, int n) {
    if (n <= 0) {
      throw new IllegalArgumentException("n = " + n + ": must be > 0");
    }
    requireMembers();
    int wanted = Math.min(n, members.length);
    List<Address> result = new ArrayList<>(wanted);
    boolean[] taken = new boolean[members.length];
    int point = firstPointAtOrAfter(position);
    for (int step = 0; step < positions.length && result.size() < wanted; step++) {
      int owner = pointOwners[(point + step) % positions.length];
      if (!taken[owner]) {
        taken[owner] = true;
        result.add(members[owner]);
      }
    }
    return Collections.unmodifiableList(result);
  }

  /** A new ring with {@code member} added (this ring is unchanged). */
  public HashRing withMember(Address member) {
    List<Address> next = new ArrayList<>(Arrays.asList(members));
    next.add(member);
    return of(next, virtualNodes);
  }

  /** A new ring without {@code member} (this ring is unchanged). */
  public HashRing withoutMember(Address member) {
    List<Address> next = new ArrayList<>(Arrays.asList(members));
    next.remove(member);
    return of(next, virtualNodes);
  }

  private int firstPointAtOrAfter(long position) {
    int index = Arrays.binarySearch(positions, position);
    if (index >= 0) {
      // Several points may share the position: take the first of them.
      while (index > 0 && positions[index - 1] == position) {
        index--;
      }
      return index;
    }
    int insertion = -index - 1;
    return insertion == positions.length ? 0 : insertion;
  }

  private void requireMembers() {
    if (members.length == 0) {
      throw new IllegalStateException("the hash ring has no members");
    }
  }

  private static String hostPort(Address member) {
    if (member.getHost().isEmpty() || member.getPort().isEmpty()) {
      throw new IllegalArgumentException(
          "ring member " + member + " has no host and port: use the cluster address of the member");
    }
    return member.getHost().get() + ":" + member.getPort().get();
  }

  @Override
  public String toString() {
    return "HashRing(" + members.length + " members, " + virtualNodes + " virtual nodes each)";
  }
}
