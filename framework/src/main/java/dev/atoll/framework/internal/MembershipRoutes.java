package dev.atoll.framework.internal;

import static org.apache.pekko.http.javadsl.server.Directives.completeOK;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import dev.atoll.framework.MemberSet;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.http.javadsl.marshallers.jackson.Jackson;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.management.javadsl.ManagementRouteProvider;
import org.apache.pekko.management.javadsl.ManagementRouteProviderSettings;

/**
 * {@code GET /atoll/members}: this node's view of the cluster, as JSON. Registered with Pekko
 * Management through {@code pekko.management.http.routes} in the framework's reference.conf.
 */
public final class MembershipRoutes implements ManagementRouteProvider {

  /** The JSON shape of one member. */
  public record MemberJson(String address, String status, boolean reachable, List<String> roles) {}

  /** The JSON body of {@code /atoll/members}. */
  public record MembersJson(String self, String leader, List<MemberJson> members) {}

  private final ExtendedActorSystem system;

  public MembershipRoutes(ExtendedActorSystem system) {
    this.system = system;
  }

  @Override
  public Route routes(ManagementRouteProviderSettings settings) {
    return path(
        segment("atoll").slash("members"),
        () -> get(() -> completeOK(members(), Jackson.marshaller())));
  }

  private MembersJson members() {
    Cluster cluster = Cluster.get(system);
    MemberSet view = MemberSets.fromClusterState(cluster.state());
    List<MemberJson> members = new ArrayList<>();
    for (MemberSet.Member member : view.all().values()) {
      members.add(
          new MemberJson(
              member.address().toString(),
              member.status().name(),
              member.reachable(),
              List.copyOf(member.roles())));
    }
    String leader = cluster.state().getLeader() == null ? "" : cluster.state().getLeader().toString();
    return new MembersJson(cluster.selfAddress().toString(), leader, members);
  }
}
