package dev.atoll.sharding.internal;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.completeOK;
import static org.apache.pekko.http.javadsl.server.Directives.completeOKWithFuture;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.parameterOptional;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import dev.atoll.sharding.Entities;
import dev.atoll.sharding.MovementPlan;
import dev.atoll.sharding.ShardTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.GetClusterShardingStats;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.http.javadsl.marshallers.jackson.Jackson;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.management.javadsl.ManagementRouteProvider;
import org.apache.pekko.management.javadsl.ManagementRouteProviderSettings;

/**
 * The sharding view of the management endpoint, registered through
 * {@code pekko.management.http.routes} in this module's reference.conf:
 *
 * <ul>
 *   <li>{@code GET /atoll/shards}: the shard table of the members this node sees Up (every shard's
 *       replica set, primaries per member) and, per entity type started here, the moves of a
 *       rebalance in progress (known on the node hosting the type's coordinator) and the shards and
 *       entities each member's region hosts now (Pekko's cluster sharding stats, asked of every
 *       region with a timeout of {@link #STATS_TIMEOUT});
 *   <li>{@code GET /atoll/shards/plan?join=host:port} or {@code ?leave=host:port}: the movement
 *       plan such a membership change would cause, before it happens.
 * </ul>
 */
public final class ShardingRoutes implements ManagementRouteProvider {

  /** One move as JSON. */
  public record MoveJson(int shard, String from, String to) {}

  /** {@code /atoll/shards/plan}. */
  public record PlanJson(String change, int shardsMoving, List<MoveJson> moves) {}

  /** One shard's replica set, primary first. */
  public record ShardJson(int shard, List<String> replicas) {}

  /** What one member's region of an entity type hosts: shards, running entities, shards that did not answer. */
  public record RegionJson(int shards, int entities, List<String> unansweredShards) {}

  /**
   * One entity type's regions by member address, or why they are unknown ({@code error}, empty
   * when the stats arrived).
   */
  public record EntityTypeJson(Map<String, RegionJson> regions, String error) {}

  /** {@code /atoll/shards}. */
  public record ShardsJson(
      int numberOfShards,
      int replicationFactor,
      Map<String, Integer> primariesPerMember,
      List<ShardJson> shards,
      Map<String, List<MoveJson>> rebalancing,
      Map<String, EntityTypeJson> entities) {}

  /**
   * How long the regions of every member have to report their shards and entities. A member that
   * does not answer in time is listed with no shards; the request as a whole answers after at most
   * this plus {@link #STATS_GRACE}.
   */
  static final Duration STATS_TIMEOUT = Duration.ofSeconds(2);

  private static final Duration STATS_GRACE = Duration.ofSeconds(1);

  private final ExtendedActorSystem system;

  public ShardingRoutes(ExtendedActorSystem system) {
    this.system = system;
  }

  @Override
  public Route routes(ManagementRouteProviderSettings settings) {
    return concat(
        path(segment("atoll").slash("shards"), () -> get(() -> completeOKWithFuture(shards(), Jackson.marshaller()))),
        path(
            segment("atoll").slash("shards").slash("plan"),
            () ->
                get(
                    () ->
                        parameterOptional(
                            "join",
                            join ->
                                parameterOptional(
                                    "leave", leave -> plan(join, leave))))));
  }

  private Entities entities() {
    return Entities.get(Adapter.toTyped(system));
  }

  private CompletionStage<ShardsJson> shards() {
    Entities entities = entities();
    ShardTable table = entities.shardTable();
    Map<String, Integer> primaries = new LinkedHashMap<>();
    table.primaryCounts().forEach((member, count) -> primaries.put(member.toString(), count));
    List<ShardJson> shards = new ArrayList<>();
    if (!table.isEmpty()) {
      for (int shard = 0; shard < table.numberOfShards(); shard++) {
        shards.add(new ShardJson(shard, table.replicas(shard).stream().map(Address::toString).toList()));
      }
    }
    Map<String, List<MoveJson>> rebalancing = new LinkedHashMap<>();
    for (String type : entities.startedTypes()) {
      rebalancing.put(type, moves(entities.pendingMoves(type)));
    }
    Map<String, CompletableFuture<EntityTypeJson>> stats = new TreeMap<>();
    for (String type : entities.startedTypes()) {
      stats.put(type, entityStats(type).toCompletableFuture());
    }
    ActorSystem<?> typed = Adapter.toTyped(system);
    return CompletableFuture.allOf(stats.values().toArray(CompletableFuture[]::new))
        .thenApplyAsync(
            done -> {
              Map<String, EntityTypeJson> byType = new LinkedHashMap<>();
              stats.forEach((type, json) -> byType.put(type, json.join()));
              return new ShardsJson(
                  table.numberOfShards(), table.replicationFactor(), primaries, shards, rebalancing, byType);
            },
            typed.executionContext());
  }

  /** Asks the regions of {@code type} on every member what they host; never fails, says why instead. */
  private CompletionStage<EntityTypeJson> entityStats(String type) {
    ActorSystem<?> typed = Adapter.toTyped(system);
    CompletionStage<ShardRegion.ClusterShardingStats> asked =
        AskPattern.ask(
            ClusterSharding.get(typed).shardState(),
            replyTo -> new GetClusterShardingStats(entities().typeKey(type), STATS_TIMEOUT, replyTo),
            STATS_TIMEOUT.plus(STATS_GRACE),
            typed.scheduler());
    return asked.handleAsync(
        (answer, failure) -> {
          if (failure != null) {
            return new EntityTypeJson(Map.of(), "no shard statistics within " + STATS_TIMEOUT.plus(STATS_GRACE).toMillis() + " ms");
          }
          Map<String, RegionJson> regions = new TreeMap<>();
          answer.getRegions().forEach((address, region) -> regions.put(address.toString(), region(region)));
          return new EntityTypeJson(regions, "");
        },
        typed.executionContext());
  }

  private static RegionJson region(ShardRegion.ShardRegionStats region) {
    int entityCount = region.getStats().values().stream().mapToInt(count -> ((Number) count).intValue()).sum();
    return new RegionJson(region.getStats().size(), entityCount, region.getFailed().stream().sorted().toList());
  }

  private Route plan(Optional<String> join, Optional<String> leave) {
    if (join.isPresent() == leave.isPresent()) {
      return complete(StatusCodes.BAD_REQUEST, "give exactly one of ?join=host:port or ?leave=host:port\n");
    }
    String hostPort = join.orElseGet(leave::get);
    Optional<Address> member = parse(hostPort);
    if (member.isEmpty()) {
      return complete(StatusCodes.BAD_REQUEST, "'" + hostPort + "' is not host:port\n");
    }
    MovementPlan plan =
        join.isPresent() ? entities().planIfJoined(member.get()) : entities().planIfLeft(member.get());
    String change = (join.isPresent() ? "join " : "leave ") + member.get();
    return completeOK(new PlanJson(change, plan.size(), moves(plan)), Jackson.marshaller());
  }

  private Optional<Address> parse(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0) {
      return Optional.empty();
    }
    try {
      int port = Integer.parseInt(hostPort.substring(colon + 1));
      Address self = system.provider().getDefaultAddress();
      return Optional.of(new Address(self.protocol(), self.system(), hostPort.substring(0, colon), port));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static List<MoveJson> moves(MovementPlan plan) {
    return plan.moves().stream()
        .map(m -> new MoveJson(m.shard(), m.from().toString(), m.to().toString()))
        .toList();
  }
}
