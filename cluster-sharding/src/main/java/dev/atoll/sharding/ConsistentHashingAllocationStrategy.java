package dev.atoll.sharding;

import dev.atoll.framework.HashRing;
import dev.atoll.framework.MemberSet;
import dev.atoll.sharding.internal.ClusterMembership;
import dev.atoll.sharding.internal.ClusterMembership.MemberState;
import dev.atoll.sharding.internal.PekkoClusterMembership;
import dev.atoll.sharding.spi.ShardReadiness;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.sharding.ShardCoordinator;
import org.apache.pekko.dispatch.Futures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.collection.immutable.IndexedSeq;
import scala.concurrent.Future;
import scala.jdk.javaapi.CollectionConverters;

/**
 * A Pekko {@link ShardCoordinator.ShardAllocationStrategy} that places every shard on its
 * {@link ShardTable} primary, so that shards sit where consistent hashing says and move as little
 * as possible when members come and go.
 *
 * <p>The table is computed from the members that are {@code Up} (and have the entity type's role,
 * if any); it is cached and recomputed only when that set changes. Regions are matched to members
 * by the address of their {@code ActorRef}; the local region's ref has no host, so it is matched
 * with this node's own cluster address.
 *
 * <h2>Allocation</h2>
 *
 * A shard with no home goes to the region of the first member of its replica set that has a
 * region (its primary, unless the primary has not registered a region yet, for example while it
 * is joining or shutting its region down). If no replica has a region it goes to the region with
 * the fewest shards (ties broken by member order), so that allocation never waits.
 *
 * <h2>Rebalance</h2>
 *
 * A round moves only shards whose region is not their primary's, whose primary has a region, and
 * that {@link ShardReadiness} declares ready; at most {@code rebalance-max-per-round} shards
 * (counting those still in progress), lowest shard numbers first. No round moves anything while
 * any member is joining, leaving, down or unreachable: a flapping node must not make shards move
 * back and forth. Every decision is a deterministic function of the cluster state and current
 * allocations.
 *
 * <p>The strategy runs on the node that hosts the shard coordinator; its methods are called from
 * the coordinator actor one at a time. {@link #currentTable()} and {@link #pendingMoves()} may be
 * called from any thread.
 *
 * @since 0.1.0
 */
public final class ConsistentHashingAllocationStrategy
    extends ShardCoordinator.AbstractShardAllocationStrategy {

  private static final Logger log = LoggerFactory.getLogger(ConsistentHashingAllocationStrategy.class);

  private final ClusterMembership membership;
  private final ShardingSettings settings;
  private final Optional<String> role;
  private final ShardReadiness readiness;

  /** A table with the member set it was computed from. */
  private record CachedTable(Set<Address> members, ShardTable table) {}

  /** The last table computed; replaced whole, so readers on any thread see a consistent pair. */
  private final AtomicReference<CachedTable> cached;
  /** The last table of every member still in the membership, for {@link #unreachableHome}. */
  private final AtomicReference<CachedTable> cachedWithDeparting;
  private volatile MovementPlan pendingMoves = MovementPlan.empty();

  ConsistentHashingAllocationStrategy(
      ClusterMembership membership,
      ShardingSettings settings,
      Optional<String> role,
      ShardReadiness readiness) {
    this.membership = membership;
    this.settings = settings;
    this.role = role;
    this.readiness = readiness;
    this.cached = new AtomicReference<>(new CachedTable(Set.of(), ShardTable.of(List.of(), settings)));
    this.cachedWithDeparting = new AtomicReference<>(cached.get());
  }

  /**
   * A strategy for the entity types of {@code system} limited to {@code role} (empty: every member).
   *
   * @param readiness gates rebalancing of each shard; {@link ShardReadiness#ALWAYS_READY} if none
   */
  public static ConsistentHashingAllocationStrategy create(
      ActorSystem<?> system,
      ShardingSettings settings,
      Optional<String> role,
      ShardReadiness readiness) {
    return new ConsistentHashingAllocationStrategy(
        new PekkoClusterMembership(Adapter.toClassic(system)), settings, role, readiness);
  }

  @Override
  public Future<ActorRef> allocateShard(
      ActorRef requester, String shardId, Map<ActorRef, IndexedSeq<String>> currentShardAllocations) {
    return Futures.successful(allocate(requester, shardId, toJava(currentShardAllocations)));
  }

  @Override
  public Future<Set<String>> rebalance(
      Map<ActorRef, IndexedSeq<String>> currentShardAllocations, Set<String> rebalanceInProgress) {
    return Futures.successful(shardsToRebalance(toJava(currentShardAllocations), rebalanceInProgress));
  }

  /**
   * The region {@code shardId} should be allocated to, as {@link #allocateShard} answers it.
   *
   * @param requester the region asking; chosen when the shard id is not an Atoll shard number
   * @param allocations every live region with its shards
   */
  public ActorRef allocate(ActorRef requester, String shardId, Map<ActorRef, List<String>> allocations) {
    if (allocations.isEmpty()) {
      throw new IllegalArgumentException("no shard region to allocate shard " + shardId + " to");
    }
    Map<Address, ActorRef> regionAt = regionsByAddress(allocations.keySet());
    Optional<Integer> shard = parseShard(shardId);
    if (shard.isEmpty()) {
      log.warn(
          "shard id '{}' is not a shard number in [0, {}): allocating it to the requesting region",
          shardId,
          settings.numberOfShards());
      return allocations.containsKey(requester) ? requester : fewestShards(allocations);
    }
    ShardTable current = currentTable();
    for (Address replica : current.isEmpty() ? List.<Address>of() : current.replicas(shard.get())) {
      ActorRef region = regionAt.get(replica);
      if (region != null) {
        return region;
      }
    }
    return fewestShards(allocations);
  }

  /**
   * The shards one rebalance round moves, as {@link #rebalance} answers it.
   *
   * @param allocations every live region with its shards
   * @param inProgress shards whose rebalance has started and not finished
   */
  public Set<String> shardsToRebalance(Map<ActorRef, List<String>> allocations, Set<String> inProgress) {
    ShardTable current = currentTable();
    Map<Address, ActorRef> regionAt = regionsByAddress(allocations.keySet());
    List<MovementPlan.Move> misplaced = new ArrayList<>();
    Set<Address> upAndReachable = new java.util.HashSet<>();
    for (MemberState member : membership.members()) {
      if (member.status() == MemberSet.Status.UP && member.reachable()) {
        upAndReachable.add(member.address());
      }
    }
    for (Map.Entry<ActorRef, List<String>> entry : allocations.entrySet()) {
      Address home = addressOf(entry.getKey());
      if (!upAndReachable.contains(home)) {
        // The region's member crashed or is leaving: the coordinator allocates its shards anew
        // once the region is gone. A rebalance would wait for a hand-off that nobody answers
        // (handoff-timeout), keeping the shards unavailable far longer than the failover.
        continue;
      }
      for (String shardId : entry.getValue()) {
        Optional<Integer> shard = parseShard(shardId);
        if (shard.isPresent() && !current.isEmpty()) {
          Address primary = current.primary(shard.get());
          if (!primary.equals(home)) {
            misplaced.add(new MovementPlan.Move(shard.get(), home, primary));
          }
        }
      }
    }
    MovementPlan plan = MovementPlan.of(misplaced);
    pendingMoves = plan;
    if (plan.isEmpty() || !isStable()) {
      return Set.of();
    }
    int budget = settings.rebalanceMaxPerRound() - inProgress.size();
    TreeSet<String> chosen = new TreeSet<>(Comparator.comparingInt(Integer::parseInt));
    for (MovementPlan.Move move : plan.moves()) {
      if (chosen.size() >= budget) {
        break;
      }
      String shardId = Integer.toString(move.shard());
      if (!inProgress.contains(shardId) && regionAt.containsKey(move.to()) && isReady(move)) {
        chosen.add(shardId);
      }
    }
    if (!chosen.isEmpty()) {
      log.info(
          "rebalancing {} of {} misplaced shards to their primaries: {}",
          chosen.size(),
          plan.size(),
          chosen);
    }
    return Collections.unmodifiableSet(chosen);
  }

  /**
   * The shards that the last rebalance round found away from their primary (shard, current
   * member, primary): the movement plan still to carry out. Empty once the cluster is balanced.
   * Only the node that hosts the shard coordinator sees allocations, so elsewhere this stays empty.
   */
  public MovementPlan pendingMoves() {
    return pendingMoves;
  }

  /**
   * The shard table of the members this node currently sees {@code Up} (with the role, if any).
   * Safe to call from any thread.
   */
  public ShardTable currentTable() {
    TreeSet<Address> up = new TreeSet<>(HashRing.MEMBER_ORDER);
    for (MemberState member : membership.members()) {
      if (member.status() == MemberSet.Status.UP && hasRole(member)) {
        up.add(member.address());
      }
    }
    return tableOf(up, cached);
  }

  /** The table of {@code members}, from {@code cache} unless the members changed since. */
  private ShardTable tableOf(Set<Address> members, AtomicReference<CachedTable> cache) {
    CachedTable last = cache.get();
    if (last.members().equals(members)) {
      return last.table();
    }
    CachedTable next = new CachedTable(members, ShardTable.of(members, settings));
    cache.set(next);
    return next.table();
  }

  /**
   * The member that this node's shard regions send {@code shard}'s messages to, if this node's
   * failure detector does not reach it; empty when it is reachable, and at once, without a table
   * lookup, while every member is reachable. Safe to call from any thread.
   *
   * <p>That member is the shard's primary in the table of every member still in the membership (Up,
   * Leaving, Exiting or Down, with the role), not in {@link #currentTable()}: the allocation table
   * drops a crashed member as soon as it is downed, but the regions keep routing its shards to it,
   * and its messages are lost, until the cluster removes it. A shard away from its primary (a
   * rebalance not yet done) is judged by its primary all the same.
   */
  public Optional<Address> unreachableHome(int shard) {
    if (!membership.anyUnreachable()) {
      return Optional.empty();
    }
    TreeSet<Address> present = new TreeSet<>(HashRing.MEMBER_ORDER);
    Set<Address> unreachable = new java.util.HashSet<>();
    for (MemberState member : membership.members()) {
      boolean joining = member.status() == MemberSet.Status.JOINING || member.status() == MemberSet.Status.WEAKLY_UP;
      if (!joining && hasRole(member)) {
        present.add(member.address());
        if (!member.reachable()) {
          unreachable.add(member.address());
        }
      }
    }
    return tableOf(present, cachedWithDeparting).primaryIfAny(shard).filter(unreachable::contains);
  }

  private boolean isStable() {
    for (MemberState member : membership.members()) {
      if (member.status() != MemberSet.Status.UP || !member.reachable()) {
        return false;
      }
    }
    return true;
  }

  private boolean isReady(MovementPlan.Move move) {
    try {
      return readiness.isReady(move.shard(), move.to());
    } catch (RuntimeException e) {
      log.warn("shard readiness failed for {}: treated as not ready", move, e);
      return false;
    }
  }

  private boolean hasRole(MemberState member) {
    return role.isEmpty() || member.roles().contains(role.get());
  }

  private Optional<Integer> parseShard(String shardId) {
    try {
      int shard = Integer.parseInt(shardId);
      return shard >= 0 && shard < settings.numberOfShards() ? Optional.of(shard) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private Address addressOf(ActorRef region) {
    Address address = region.path().address();
    return address.hasLocalScope() ? membership.selfAddress() : address;
  }

  private Map<Address, ActorRef> regionsByAddress(Set<ActorRef> regions) {
    Map<Address, ActorRef> byAddress = new HashMap<>();
    for (ActorRef region : regions) {
      byAddress.put(addressOf(region), region);
    }
    return byAddress;
  }

  private ActorRef fewestShards(Map<ActorRef, List<String>> allocations) {
    Comparator<Map.Entry<ActorRef, List<String>>> order =
        Comparator.<Map.Entry<ActorRef, List<String>>>comparingInt(e -> e.getValue().size())
            .thenComparing(e -> addressOf(e.getKey()), HashRing.MEMBER_ORDER)
            .thenComparing(e -> e.getKey().path().toString());
    return Collections.min(allocations.entrySet(), order).getKey();
  }

  private static Map<ActorRef, List<String>> toJava(Map<ActorRef, IndexedSeq<String>> allocations) {
    Map<ActorRef, List<String>> result = new LinkedHashMap<>();
    for (Map.Entry<ActorRef, IndexedSeq<String>> entry : allocations.entrySet()) {
      result.put(entry.getKey(), CollectionConverters.asJava(entry.getValue()));
    }
    return result;
  }

  @Override
  public String toString() {
    return "ConsistentHashingAllocationStrategy("
        + settings.numberOfShards()
        + " shards, replication factor "
        + settings.replicationFactor()
        + role.map(r -> ", role " + r).orElse("")
        + ")";
  }
}
