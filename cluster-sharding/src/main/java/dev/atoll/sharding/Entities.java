package dev.atoll.sharding;

import dev.atoll.framework.HashRing;
import dev.atoll.framework.ShardFunction;
import dev.atoll.sharding.internal.ReadinessLoader;
import dev.atoll.sharding.internal.ShardFunctionMessageExtractor;
import dev.atoll.sharding.internal.StrandedHandOffs;
import dev.atoll.sharding.spi.ShardReadiness;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * The entry point of Atoll's entity API, one per {@link ActorSystem}: {@link #init(EntitySpec)}
 * starts an entity type on Pekko Cluster Sharding with Atoll's placement, and
 * {@link #entityRefFor(String, String)} addresses one entity of it from anywhere in the cluster.
 *
 * <pre>{@code
 * Entities entities = Entities.get(system);
 * entities.init(EntitySpec.of("Account", Account.Command.class, Account::create));
 * EntityRef<Account.Command> account = entities.entityRefFor("Account", "42");
 * }</pre>
 *
 * <p>Every entity type started here uses, with the settings of {@code atoll.sharding}:
 *
 * <ul>
 *   <li>the shard id {@code ShardFunction.shardOf(entityId)}, the function the journal uses too,
 *       so that entity types sharing an id share a shard and therefore a node;
 *   <li>the {@link ConsistentHashingAllocationStrategy}, which keeps each shard on its
 *       {@link ShardTable} primary;
 *   <li>passivation after the spec's (or the default) idle timeout, and Pekko's rebalance interval
 *       set from {@code atoll.sharding.rebalance-interval}.
 * </ul>
 *
 * Users write plain Pekko behaviors (typically {@code EventSourcedBehavior}s); there is no new
 * actor DSL. Thread-safe.
 *
 * @since 0.1.0
 */
public final class Entities implements Extension {

  private static final class Id extends ExtensionId<Entities> {
    @Override
    public Entities createExtension(ActorSystem<?> system) {
      return new Entities(system);
    }
  }

  private static final Id ID = new Id();

  /** How often {@link #whenHomeReachable} looks again while a shard's node is unreachable. */
  private static final Duration HOME_POLL_INTERVAL = Duration.ofMillis(50);

  /**
   * How long {@link #whenHomeReachable} waits on after the membership stops showing an unreachable
   * home. The membership learns of a crashed member's removal a moment before this node's shard
   * regions do (their watch of its region fires from the same removal event, on other actors): a
   * command sent in between still goes to the removed member and is lost. FailoverIT lost about
   * 40% of the commands it held that way; 200 ms is ample for the regions and small beside the
   * seconds the command already waited.
   */
  private static final Duration REGION_CATCH_UP = Duration.ofMillis(200);

  /** One started entity type. */
  private record Started<M>(
      EntitySpec<M> spec,
      EntityTypeKey<M> typeKey,
      ConsistentHashingAllocationStrategy strategy,
      ActorRef<ShardingEnvelope<M>> region) {}

  private final ActorSystem<?> system;
  private final ShardingSettings settings;
  private final ShardFunction shardFunction;
  private final ShardReadiness readiness;
  private final ConsistentHashingAllocationStrategy placement;
  private final Map<String, Started<?>> started = new ConcurrentHashMap<>();

  private Entities(ActorSystem<?> system) {
    this.system = system;
    this.settings = ShardingSettings.fromConfig(system.settings().config());
    this.shardFunction = settings.shardFunction();
    this.readiness = ReadinessLoader.load(settings.shardReadiness(), system);
    this.placement =
        ConsistentHashingAllocationStrategy.create(system, settings, Optional.empty(), readiness);
    // Pekko's rebalance worker can wait out handoff-timeout for a region that crashed mid-hand-off.
    StrandedHandOffs.start(system);
  }

  /**
   * The extension of {@code system}, created on first use.
   *
   * @throws dev.atoll.framework.AtollConfigException if {@code atoll.sharding} is invalid
   */
  public static Entities get(ActorSystem<?> system) {
    return ID.apply(system);
  }

  /**
   * Starts the entity type of {@code spec} on this node (its shard region, or a proxy if this node
   * lacks the spec's role). Call it on every node, at start-up. Calling it again with the same type
   * name returns the running region.
   *
   * @return the shard region, which accepts {@link ShardingEnvelope}s
   * @throws IllegalArgumentException if another command type was started under the same name
   */
  @SuppressWarnings("unchecked")
  public <M> ActorRef<ShardingEnvelope<M>> init(EntitySpec<M> spec) {
    Started<?> existing =
        started.computeIfAbsent(spec.typeName(), name -> start(spec));
    if (!existing.spec().messageClass().equals(spec.messageClass())) {
      throw new IllegalArgumentException(
          "entity type '"
              + spec.typeName()
              + "' is already started with commands of "
              + existing.spec().messageClass().getName()
              + ", not "
              + spec.messageClass().getName());
    }
    return ((Started<M>) existing).region();
  }

  private <M> Started<M> start(EntitySpec<M> spec) {
    EntityTypeKey<M> typeKey = EntityTypeKey.create(spec.messageClass(), spec.typeName());
    ConsistentHashingAllocationStrategy strategy =
        ConsistentHashingAllocationStrategy.create(system, settings, spec.role(), readiness);
    RetentionCriteria retention = retentionOf(spec);
    Entity<M, ShardingEnvelope<M>> entity =
        Entity.of(
                typeKey,
                pekkoContext -> {
                  String entityId = pekkoContext.getEntityId();
                  EntityContext<M> context =
                      new EntityContext<>(
                          typeKey,
                          entityId,
                          shardFunction.shardOf(entityId),
                          PersistenceId.of(
                              spec.typeName(), entityId, EntityContext.PERSISTENCE_ID_SEPARATOR),
                          retention);
                  return spec.factory().apply(context);
                })
            .withMessageExtractor(new ShardFunctionMessageExtractor<M>(shardFunction))
            .withAllocationStrategy(strategy)
            .withSettings(shardingSettingsFor(spec));
    if (spec.role().isPresent()) {
      entity = entity.withRole(spec.role().get());
    }
    ActorRef<ShardingEnvelope<M>> region = ClusterSharding.get(system).init(entity);
    return new Started<>(spec, typeKey, strategy, region);
  }

  private ClusterShardingSettings shardingSettingsFor(EntitySpec<?> spec) {
    ClusterShardingSettings pekko = ClusterShardingSettings.create(system);
    pekko =
        pekko.withTuningParameters(
            pekko.tuningParameters().withRebalanceInterval(settings.rebalanceInterval()));
    Optional<Duration> idle =
        spec.passivation().isPresent()
            ? spec.passivation().filter(d -> !d.isZero())
            : settings.passivationIdleTimeout();
    pekko =
        idle.isPresent()
            ? pekko.withPassivationStrategy(
                pekko.passivationStrategySettings().withIdleEntityPassivation(idle.get()))
            : pekko.withNoPassivationStrategy();
    if (spec.role().isPresent()) {
      pekko = pekko.withRole(spec.role().get());
    }
    return pekko;
  }

  private RetentionCriteria retentionOf(EntitySpec<?> spec) {
    Optional<EntitySpec.SnapshotPolicy> policy =
        spec.snapshots()
            .orElseGet(
                () ->
                    settings.snapshotEvery() > 0
                        ? Optional.of(
                            new EntitySpec.SnapshotPolicy(
                                settings.snapshotEvery(), settings.keepSnapshots()))
                        : Optional.empty());
    return policy
        .<RetentionCriteria>map(p -> RetentionCriteria.snapshotEvery(p.every(), p.keep()))
        .orElse(RetentionCriteria.disabled());
  }

  /**
   * A reference to entity {@code entityId} of the started type {@code typeName}, wherever it runs.
   *
   * @throws IllegalArgumentException if no entity type of that name was started on this node
   */
  @SuppressWarnings("unchecked")
  public <M> EntityRef<M> entityRefFor(String typeName, String entityId) {
    Started<M> type = (Started<M>) startedType(typeName);
    return ClusterSharding.get(system).entityRefFor(type.typeKey(), entityId);
  }

  /** {@link #entityRefFor(String, String)} with the command type checked against the spec's. */
  public <M> EntityRef<M> entityRefFor(EntitySpec<M> spec, String entityId) {
    Started<?> type = startedType(spec.typeName());
    if (!type.spec().messageClass().equals(spec.messageClass())) {
      throw new IllegalArgumentException(
          "entity type '" + spec.typeName() + "' takes " + type.spec().messageClass().getName());
    }
    return entityRefFor(spec.typeName(), entityId);
  }

  /**
   * Completes with {@code true} as soon as the node that hosts {@code entityId}'s shard is
   * reachable from this node (at once, unless some member is unreachable), or with {@code false}
   * if it still is not after {@code atMost}. When it had to wait, it completes on a scheduler
   * thread, a short moment after the home turned reachable so that this node's shard regions have
   * caught up with the membership.
   *
   * <p>Why wait: a command sent to an entity whose node has crashed is lost, because Pekko's shard
   * regions keep routing to that node until the cluster removes it; the sender learns it only at
   * its ask timeout. A sender that waits for this first sends its command when it can arrive: to
   * the same node if it answers again (a pause, a healed partition), or, once the node is removed,
   * to the shard's new home (where the failover module has promoted the shard by then, or does on
   * the command's arrival).
   *
   * @throws IllegalArgumentException if no entity type of that name was started on this node
   */
  public CompletionStage<Boolean> whenHomeReachable(String typeName, String entityId, Duration atMost) {
    return stillUnreachableHome(typeName, entityId, atMost).thenApply(Optional::isEmpty);
  }

  /**
   * Asks entity {@code entityId} of the started type {@code typeName}, as {@link EntityRef#ask}
   * does, but sends the command only once {@link #whenHomeReachable the entity's node is reachable}:
   * a command sent to a crashed node is lost, while one held until the cluster removes that node
   * goes to the entity's new home and is answered as soon as the failover is done. Fails with a
   * {@link java.util.concurrent.TimeoutException} that names the unreachable node if it stays
   * unreachable for {@code timeout}, and as {@link EntityRef#ask} does if the answer takes longer
   * than {@code timeout} once sent (so at most twice {@code timeout} in all).
   *
   * @throws IllegalArgumentException if no entity type of that name was started on this node
   */
  public <M, R> CompletionStage<R> ask(
      String typeName, String entityId, java.util.function.Function<ActorRef<R>, M> command, Duration timeout) {
    EntityRef<M> entity = entityRefFor(typeName, entityId);
    return stillUnreachableHome(typeName, entityId, timeout).thenCompose(home -> home.isEmpty()
        ? entity.ask(command::apply, timeout)
        : CompletableFuture.failedFuture(new java.util.concurrent.TimeoutException(
            typeName + " " + entityId + ": " + home.get() + " stayed unreachable for " + timeout.toMillis()
                + " ms, so the command was not sent; the cluster is failing it over or it is partitioned away, retry")));
  }

  /**
   * {@link #ask} for entities that answer with a {@link StatusReply}, as
   * {@link EntityRef#askWithStatus} does: completes with the reply's value, or fails with its error
   * ({@link StatusReply.ErrorMessage} for a text error).
   *
   * @throws IllegalArgumentException if no entity type of that name was started on this node
   */
  public <M, R> CompletionStage<R> askWithStatus(
      String typeName,
      String entityId,
      java.util.function.Function<ActorRef<StatusReply<R>>, M> command,
      Duration timeout) {
    return this.<M, StatusReply<R>>ask(typeName, entityId, command, timeout).thenCompose(reply -> reply.isSuccess()
        ? CompletableFuture.completedFuture(reply.getValue())
        : CompletableFuture.failedFuture(reply.getError()));
  }

  /** {@link #whenHomeReachable}, completing with the home that is still unreachable, if any. */
  private CompletionStage<Optional<Address>> stillUnreachableHome(String typeName, String entityId, Duration atMost) {
    ConsistentHashingAllocationStrategy strategy = startedType(typeName).strategy();
    int shard = shardOf(entityId);
    if (strategy.unreachableHome(shard).isEmpty()) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    CompletableFuture<Optional<Address>> result = new CompletableFuture<>();
    awaitReachableHome(strategy, shard, System.nanoTime() + atMost.toNanos(), result);
    return result;
  }

  /** Polls: it is needed only while a member is unreachable, and then for seconds at most. */
  private void awaitReachableHome(
      ConsistentHashingAllocationStrategy strategy, int shard, long deadline, CompletableFuture<Optional<Address>> result) {
    Optional<Address> home = strategy.unreachableHome(shard);
    if (home.isEmpty()) {
      system.scheduler().scheduleOnce(REGION_CATCH_UP, () -> result.complete(home), system.executionContext());
      return;
    }
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      result.complete(home);
      return;
    }
    system.scheduler().scheduleOnce(
        Duration.ofNanos(Math.min(left, HOME_POLL_INTERVAL.toNanos())),
        () -> awaitReachableHome(strategy, shard, deadline, result),
        system.executionContext());
  }

  /** The names of the entity types started on this node, sorted. */
  public java.util.SortedSet<String> startedTypes() {
    return java.util.Collections.unmodifiableSortedSet(new TreeSet<>(started.keySet()));
  }

  /** The type key of the started type {@code typeName}, for Pekko APIs that need it. */
  public EntityTypeKey<?> typeKey(String typeName) {
    return startedType(typeName).typeKey();
  }

  /** The shard of {@code entityId}: {@code ShardFunction.shardOf(entityId)}. */
  public int shardOf(String entityId) {
    return shardFunction.shardOf(entityId);
  }

  /** The {@code atoll.sharding} settings this node runs with. */
  public ShardingSettings settings() {
    return settings;
  }

  /** The shard table of the members this node currently sees {@code Up} (all roles). */
  public ShardTable shardTable() {
    return placement.currentTable();
  }

  /** The shard table of the started type {@code typeName} (its role's members only). */
  public ShardTable shardTable(String typeName) {
    return startedType(typeName).strategy().currentTable();
  }

  /**
   * The movement plan if {@code member} joined now: which shards would move to it, from where
   * (all roles). Shows a planned move before it starts.
   */
  public MovementPlan planIfJoined(Address member) {
    return planIfMembers(members -> members.add(member));
  }

  /**
   * The movement plan if {@code member} left now: its shards, each with the first backup that
   * would take it over (all roles). Empty if it is the last member.
   */
  public MovementPlan planIfLeft(Address member) {
    return planIfMembers(members -> members.remove(member));
  }

  /** The plan from the current table to the table of the member set after {@code change}. */
  private MovementPlan planIfMembers(java.util.function.Consumer<TreeSet<Address>> change) {
    ShardTable current = shardTable();
    TreeSet<Address> members = new TreeSet<>(HashRing.MEMBER_ORDER);
    members.addAll(current.members());
    change.accept(members);
    return ShardTable.plan(current, ShardTable.of(members, settings));
  }

  /**
   * The shards of {@code typeName} that still have to move to their primary, as the last rebalance
   * round saw them: the movement plan of a rebalance in progress. Only the node hosting the type's
   * shard coordinator (the oldest member) knows it; on the others it is empty.
   */
  public MovementPlan pendingMoves(String typeName) {
    return startedType(typeName).strategy().pendingMoves();
  }

  private Started<?> startedType(String typeName) {
    Started<?> type = started.get(typeName);
    if (type == null) {
      throw new IllegalArgumentException(
          "no entity type '"
              + typeName
              + "' was started on this node; started: "
              + new TreeSet<>(started.keySet())
              + ". Call Entities.init(EntitySpec) first.");
    }
    return type;
  }
}
