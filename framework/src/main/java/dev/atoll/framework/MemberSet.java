package dev.atoll.framework;

import java.util.Collections;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.pekko.actor.Address;

/**
 * The cluster's members as one immutable value: each member's status and reachability, as seen by
 * this node. Produced by {@link ClusterView}; placement code (hash ring, shard table) takes its
 * member set from {@link #up()}.
 *
 * @since 0.1.0
 */
public final class MemberSet {

  /** A member's lifecycle status, as Pekko Cluster reports it. */
  public enum Status {
    JOINING,
    WEAKLY_UP,
    UP,
    LEAVING,
    EXITING,
    DOWN
  }

  /** One member: its address, status, reachability (from this node's view) and roles. */
  public record Member(Address address, Status status, boolean reachable, SortedSet<String> roles) {
    public Member {
      roles = Collections.unmodifiableSortedSet(new TreeSet<>(roles));
    }

    Member withStatus(Status newStatus) {
      return new Member(address, newStatus, reachable, roles);
    }

    Member withReachable(boolean nowReachable) {
      return new Member(address, status, nowReachable, roles);
    }
  }

  private static final MemberSet EMPTY = new MemberSet(new TreeMap<>(HashRing.MEMBER_ORDER));

  private final SortedMap<Address, Member> members;

  private MemberSet(SortedMap<Address, Member> members) {
    this.members = Collections.unmodifiableSortedMap(members);
  }

  public static MemberSet empty() {
    return EMPTY;
  }

  /** A member set holding exactly {@code members}. */
  public static MemberSet of(java.util.Collection<Member> members) {
    TreeMap<Address, Member> map = new TreeMap<>(HashRing.MEMBER_ORDER);
    for (Member member : members) {
      map.put(member.address(), member);
    }
    return new MemberSet(map);
  }

  /** Every known member, whatever its status, by address. */
  public SortedMap<Address, Member> all() {
    return members;
  }

  public Optional<Member> member(Address address) {
    return Optional.ofNullable(members.get(address));
  }

  /** Addresses of members whose status is {@code Up}, reachable or not. */
  public SortedSet<Address> up() {
    return withStatus(Status.UP, false);
  }

  /** Addresses of members that are {@code Up} and reachable from this node. */
  public SortedSet<Address> reachableUp() {
    return withStatus(Status.UP, true);
  }

  /** Addresses of members this node's failure detector currently sees as unreachable. */
  public SortedSet<Address> unreachable() {
    TreeSet<Address> result = new TreeSet<>(HashRing.MEMBER_ORDER);
    for (Member member : members.values()) {
      if (!member.reachable()) {
        result.add(member.address());
      }
    }
    return Collections.unmodifiableSortedSet(result);
  }

  public int size() {
    return members.size();
  }

  MemberSet with(Member member) {
    TreeMap<Address, Member> next = new TreeMap<>(members);
    next.put(member.address(), member);
    return new MemberSet(next);
  }

  MemberSet withStatus(Address address, Status status) {
    Member current = members.get(address);
    return current == null ? this : with(current.withStatus(status));
  }

  MemberSet withReachable(Address address, boolean reachable) {
    Member current = members.get(address);
    return current == null ? this : with(current.withReachable(reachable));
  }

  MemberSet without(Address address) {
    if (!members.containsKey(address)) {
      return this;
    }
    TreeMap<Address, Member> next = new TreeMap<>(members);
    next.remove(address);
    return new MemberSet(next);
  }

  private SortedSet<Address> withStatus(Status status, boolean reachableOnly) {
    TreeSet<Address> result = new TreeSet<>(HashRing.MEMBER_ORDER);
    for (Member member : members.values()) {
      if (member.status() == status && (!reachableOnly || member.reachable())) {
        result.add(member.address());
      }
    }
    return Collections.unmodifiableSortedSet(result);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof MemberSet that && members.equals(that.members);
  }

  @Override
  public int hashCode() {
    return members.hashCode();
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("MemberSet[");
    String separator = "";
    for (Member member : members.values()) {
      text.append(separator).append(member.address()).append(' ').append(member.status());
      if (!member.reachable()) {
        text.append(" (unreachable)");
      }
      separator = ", ";
    }
    return text.append(']').toString();
  }
}
