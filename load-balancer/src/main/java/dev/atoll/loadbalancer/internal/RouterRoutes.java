package dev.atoll.loadbalancer.internal;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.completeOK;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathEndOrSingleSlash;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import dev.atoll.loadbalancer.LoadBalancers;
import dev.atoll.loadbalancer.RouterStats;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.http.javadsl.marshallers.jackson.Jackson;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.management.javadsl.ManagementRouteProvider;
import org.apache.pekko.management.javadsl.ManagementRouteProviderSettings;

/**
 * The routers' view of the node's management endpoint, registered through {@code
 * pekko.management.http.routes} in this module's reference.conf:
 *
 * <ul>
 *   <li>{@code GET /atoll/routers}: every router started on this node, with its counters, and the
 *       names of the routers declared in configuration but not started here yet;
 *   <li>{@code GET /atoll/routers/<name>}: one started router; 404 with a JSON {@code error} when no
 *       router of that name has been started on this node.
 * </ul>
 *
 * <p>Counters are this node's: a router started on several nodes counts on each what it routed.
 */
public final class RouterRoutes implements ManagementRouteProvider {

  /** One routee's counters. */
  public record RouteeJson(String id, boolean eligible, long sent, int inFlight) {}

  /**
   * One router. {@code sent} counts messages routed to a routee (departed routees included), {@code
   * unroutable} those that found no eligible routee or that the strategy refused.
   */
  public record RouterJson(
      String name,
      String strategy,
      String strategyClass,
      long sent,
      int inFlight,
      long unroutable,
      long sentToDepartedRoutees,
      List<RouteeJson> routees) {

    static RouterJson of(RouterStats stats) {
      return new RouterJson(
          stats.router(),
          stats.strategy().configName(),
          stats.strategyClass(),
          stats.sent(),
          stats.inFlight(),
          stats.unroutable(),
          stats.sentToDepartedRoutees(),
          stats.routees().stream()
              .map(r -> new RouteeJson(r.routeeId(), r.eligible(), r.sent(), r.inFlight()))
              .toList());
    }
  }

  /** {@code /atoll/routers}. */
  public record RoutersJson(String node, List<RouterJson> routers, List<String> declaredNotStarted) {}

  /** The body of a 404. */
  public record ErrorJson(String error, List<String> started) {}

  private final ExtendedActorSystem system;

  public RouterRoutes(ExtendedActorSystem system) {
    this.system = system;
  }

  @Override
  public Route routes(ManagementRouteProviderSettings settings) {
    return pathPrefix(
        segment("atoll").slash("routers"),
        () -> concat(
            pathEndOrSingleSlash(() -> get(() -> completeOK(all(), Jackson.marshaller()))),
            path(segment(), name -> get(() -> one(name)))));
  }

  private LoadBalancers balancers() {
    return LoadBalancers.get(Adapter.toTyped(system));
  }

  private RoutersJson all() {
    LoadBalancers balancers = balancers();
    List<RouterJson> routers = balancers.allStats().stream().map(RouterJson::of).toList();
    TreeSet<String> notStarted = new TreeSet<>(balancers.settings().routers().keySet());
    notStarted.removeAll(balancers.startedRouters());
    return new RoutersJson(system.provider().getDefaultAddress().toString(), routers, List.copyOf(notStarted));
  }

  private Route one(String name) {
    LoadBalancers balancers = balancers();
    Optional<RouterStats> stats = balancers.allStats().stream().filter(s -> s.router().equals(name)).findFirst();
    if (stats.isPresent()) {
      return completeOK(RouterJson.of(stats.get()), Jackson.marshaller());
    }
    List<String> started = List.copyOf(new TreeSet<>(balancers.startedRouters()));
    String error = balancers.settings().router(name).isPresent()
        ? "router \"" + name + "\" is declared but not started on this node (a router starts on its first "
            + "LoadBalancers.router or pool call)"
        : "no router \"" + name + "\" on this node";
    return complete(StatusCodes.NOT_FOUND, new ErrorJson(error, started), Jackson.marshaller());
  }
}
