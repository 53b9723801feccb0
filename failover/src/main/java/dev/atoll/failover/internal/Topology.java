package dev.atoll.failover.internal;

import dev.atoll.sharding.ShardTable;
import dev.atoll.sharding.ShardingSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * Who takes part in the failover protocol right now: the cluster's members (Up, Leaving or
 * Exiting: a member counts until it is removed or downed, even while unreachable, so that majorities
 * of consecutive member sets always meet) and each shard's replica set from the consistent-hash
 * shard table, with this node first when it is the shard's primary.
 */
final class Topology {

  private record Cached(Set<Address> members, ShardTable table) {}

  private final ActorSystem<?> system;
  private final ShardingSettings sharding;
  private final ActorRefResolver resolver;
  private final AtomicReference<Cached> cached = new AtomicReference<>();

  Topology(ActorSystem<?> system, ShardingSettings sharding) {
    this.system = system;
    this.sharding = sharding;
    this.resolver = ActorRefResolver.get(system);
  }

  Address selfAddress() {
    return Cluster.get(system).selfMember().address();
  }

  /** The members that count for majorities, by name, sorted. */
  List<String> memberNames() {
    List<String> names = new ArrayList<>();
    for (Address address : members()) {
      names.add(NodeNames.of(address));
    }
    return names;
  }

  /**
   * Whether {@code name} is a member that this node reaches and that still serves (Up, Leaving or
   * Exiting): a shard whose primary moves away from such a member is a planned move, not a failover.
   */
  boolean isReachableMember(String name) {
    Set<Member> unreachable = Cluster.get(system).state().getUnreachable();
    for (Member member : Cluster.get(system).state().getMembers()) {
      MemberStatus status = member.status();
      boolean serving = status == MemberStatus.up() || status == MemberStatus.leaving() || status == MemberStatus.exiting();
      if (serving && !unreachable.contains(member) && NodeNames.of(member.address()).equals(name)) {
        return true;
      }
    }
    return false;
  }

  private SortedSet<Address> members() {
    SortedSet<Address> members = new TreeSet<>(Address.addressOrdering());
    for (Member member : Cluster.get(system).state().getMembers()) {
      MemberStatus status = member.status();
      if (status == MemberStatus.up() || status == MemberStatus.leaving() || status == MemberStatus.exiting()) {
        members.add(member.address());
      }
    }
    return members;
  }

  /**
   * The replica set this node would give {@code shard} as its primary: itself, then the shard
   * table's replicas in failover order, {@code replicationFactor} in all (fewer if there are fewer
   * members).
   */
  List<String> replicasWithSelfFirst(int shard) {
    SortedSet<Address> members = members();
    Cached current = cached.get();
    if (current == null || !current.members().equals(members)) {
      current = new Cached(Set.copyOf(members), ShardTable.of(members, sharding));
      cached.set(current);
    }
    Address self = selfAddress();
    List<String> replicas = new ArrayList<>();
    replicas.add(NodeNames.of(self));
    for (Address replica : current.table().replicas(shard)) {
      if (!replica.equals(self) && replicas.size() < sharding.replicationFactor()) {
        replicas.add(NodeNames.of(replica));
      }
    }
    return replicas;
  }

  /**
   * The shard table of the members that count ({@link #memberNames()}) without {@code departed}:
   * the placement once a member that was just downed or removed is gone, whether or not this
   * node's view of the membership shows it yet.
   */
  ShardTable tableWithout(Address departed) {
    SortedSet<Address> members = members();
    members.remove(departed);
    return ShardTable.of(members, sharding);
  }

  /** The replica endpoint of the node named {@code name}. */
  ActorRef<Wire.ToReplica> endpoint(String name) {
    Address address = NodeNames.addressOf(name, selfAddress());
    return resolver.resolveActorRef(address + ReplicaEndpoint.PATH);
  }
}
