package dev.atoll.sharding.internal;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.completeOK;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.parameterOptional;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import dev.atoll.sharding.Entities;
import dev.atoll.sharding.MovementPlan;
import dev.atoll.sharding.ShardTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
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
 *       rebalance in progress (known on the node hosting the type's coordinator);
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

  /** {@code /atoll/shards}. */
  public record ShardsJson(
      int numberOfShards,
      int replicationFactor,
      Map<String, Integer> primariesPerMember,
      List<ShardJson> shards,
      Map<String, List<MoveJson>> rebalancing) {}

  private final ExtendedActorSystem system;

  public ShardingRoutes(ExtendedActorSystem system) {
    this.system = system;
  }

  @Override
  public Route routes(ManagementRouteProviderSettings settings) {
    return concat(
        path(segment("atoll").slash("shards"), () -> get(() -> completeOK(shards(), Jackson.marshaller()))),
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

  private ShardsJson shards() {
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
    return new ShardsJson(table.numberOfShards(), table.replicationFactor(), primaries, shards, rebalancing);
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
