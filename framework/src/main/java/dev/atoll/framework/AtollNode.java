package dev.atoll.framework;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.atoll.framework.internal.PekkoConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.Done;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.cluster.typed.JoinSeedNodes;
import org.apache.pekko.management.javadsl.PekkoManagement;

/**
 * One running Atoll node: an {@link ActorSystem} with Pekko Cluster, Atoll's defaults and a
 * {@link NodeGuardian}. Start one per JVM with {@link #start(Config)}.
 *
 * <pre>{@code
 * AtollNode node = AtollNode.start(ConfigFactory.load());
 * node.awaitUp(Duration.ofSeconds(30));
 * ...
 * node.leave().toCompletableFuture().join();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class AtollNode implements AutoCloseable {

  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(10);

  private final AtollSettings settings;
  private final ActorSystem<NodeGuardian.Command> system;
  private final LatestMembers members;
  private final ActorRef<ClusterView.Command> clusterView;
  private final Optional<URI> managementUri;

  private AtollNode(
      AtollSettings settings,
      ActorSystem<NodeGuardian.Command> system,
      LatestMembers members,
      ActorRef<ClusterView.Command> clusterView,
      Optional<URI> managementUri) {
    this.settings = settings;
    this.system = system;
    this.members = members;
    this.clusterView = clusterView;
    this.managementUri = managementUri;
  }

  /**
   * Validates {@code config}'s {@code atoll.*} settings, then starts the node's ActorSystem: the
   * cluster provider, Artery on {@code atoll.node.host}/{@code port}, the seed nodes, the failure
   * detector and split brain resolver settings, and the {@link NodeGuardian}. Joining the seed
   * nodes happens in the background; see {@link #awaitUp(Duration)}.
   *
   * @param config the application's config; keys it does not set take their {@code reference.conf}
   *     defaults
   * @throws AtollConfigException if a setting is invalid (nothing is started then)
   */
  public static AtollNode start(Config config) {
    Config userConfig = config.withFallback(ConfigFactory.defaultReference()).resolve();
    AtollSettings settings = AtollSettings.fromConfig(userConfig);
    createDataDirectory(settings);
    Config nodeConfig =
        PekkoConfig.derive(settings).withFallback(PekkoConfig.tuningUnlessSet(userConfig)).withFallback(userConfig);

    LatestMembers members = new LatestMembers();
    ActorSystem<NodeGuardian.Command> system;
    try {
      system =
          ActorSystem.create(
              NodeGuardian.create(settings, members), settings.node().systemName(), nodeConfig);
    } catch (RuntimeException e) {
      // A module extension loaded at start-up (pekko.actor.typed.library-extensions) found its
      // configuration invalid: report that, not Pekko's "while trying to load extension" wrapper.
      for (Throwable cause = e; cause != null; cause = cause.getCause()) {
        if (cause instanceof AtollConfigException invalid) {
          throw invalid;
        }
      }
      throw e;
    }
    try {
      ActorRef<ClusterView.Command> view =
          AskPattern.<NodeGuardian.Command, ActorRef<ClusterView.Command>>ask(
                  system, NodeGuardian.GetClusterView::new, ASK_TIMEOUT, system.scheduler())
              .toCompletableFuture()
              .get(ASK_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
      members.bindSelf(Cluster.get(system).selfMember().address());
      Optional<URI> management = startManagement(settings, system);
      return new AtollNode(settings, system, members, view, management);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      system.terminate();
      throw new IllegalStateException("interrupted while starting " + system.address(), e);
    } catch (ExecutionException | TimeoutException e) {
      system.terminate();
      throw new IllegalStateException("node guardian of " + system.address() + " did not answer", e);
    }
  }

  /**
   * Binds the HTTP management endpoint, if enabled. A port already in use stops the node: a node
   * whose operators cannot see it is worse than one that does not start.
   */
  private static Optional<URI> startManagement(AtollSettings settings, ActorSystem<?> system)
      throws InterruptedException, TimeoutException {
    if (!settings.management().enabled()) {
      return Optional.empty();
    }
    try {
      org.apache.pekko.http.javadsl.model.Uri bound =
          PekkoManagement.get(system.classicSystem())
              .start()
              .toCompletableFuture()
              .get(ASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      return Optional.of(URI.create(bound.toString()));
    } catch (ExecutionException e) {
      system.terminate();
      throw new AtollConfigException(
          List.of(
              "atoll.management.port = "
                  + settings.management().port()
                  + ": cannot bind the management endpoint on "
                  + settings.management().host()
                  + " ("
                  + e.getCause()
                  + "); choose another port or set atoll.management.enabled = off"));
    }
  }

  /** Starts a node from {@code application.conf} and system properties ({@code ConfigFactory.load()}). */
  public static AtollNode start() {
    return start(ConfigFactory.load());
  }

  private static void createDataDirectory(AtollSettings settings) {
    try {
      Files.createDirectories(settings.node().dataDirectory());
    } catch (IOException e) {
      throw new AtollConfigException(
          List.of(
              "atoll.node.data-dir = "
                  + settings.node().dataDirectory()
                  + ": cannot create the directory ("
                  + e
                  + ")"));
    } catch (UncheckedIOException e) {
      throw new AtollConfigException(List.of("atoll.node.data-dir: " + e.getMessage()));
    }
  }

  public ActorSystem<?> system() {
    return system;
  }

  public AtollSettings settings() {
    return settings;
  }

  /** This node's cluster address, {@code pekko://<system>@<host>:<port>}. */
  public Address selfAddress() {
    return Cluster.get(system).selfMember().address();
  }

  /**
   * The latest member set this node has seen. Changes arrive asynchronously; actors that need every
   * change should subscribe to {@link #clusterView()} instead of polling this.
   */
  public MemberSet members() {
    return members.get();
  }

  /**
   * Where the node's HTTP management endpoint listens (for example
   * {@code http://127.0.0.1:12551/}), if it is enabled. Atoll's routes live under {@code /atoll/}.
   */
  public Optional<URI> managementUri() {
    return managementUri;
  }

  /** The node's {@link ClusterView} actor, for {@link ClusterView.Subscribe}. */
  public ActorRef<ClusterView.Command> clusterView() {
    return clusterView;
  }

  /** Completes when this node is Up in its own view of the cluster ({@link #members()} shows it Up). */
  public CompletionStage<Done> whenUp() {
    return members.whenSelfUp();
  }

  /**
   * Blocks until this node is Up in the cluster.
   *
   * @return this node, for chaining
   * @throws IllegalStateException if it is not Up within {@code timeout}, naming its status and seeds
   */
  public AtollNode awaitUp(Duration timeout) {
    try {
      whenUp().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return this;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + selfAddress() + " to be Up", e);
    } catch (ExecutionException | TimeoutException e) {
      MemberStatus status = Cluster.get(system).selfMember().status();
      throw new IllegalStateException(
          "node "
              + selfAddress()
              + " is not Up after "
              + timeout
              + " (status "
              + status
              + ", seed nodes "
              + settings.node().seedNodes()
              + "): are the seed nodes running and reachable?",
          e);
    }
  }

  /** Joins the cluster that {@code address} belongs to (or forms one, if it is this node). */
  public void join(Address address) {
    Cluster.get(system).manager().tell(Join.create(address));
  }

  /** Joins through the given seed nodes, as {@code atoll.node.seed-nodes} does at start. */
  public void joinSeedNodes(List<Address> seedNodes) {
    Cluster.get(system).manager().tell(new JoinSeedNodes(seedNodes));
  }

  /**
   * Leaves the cluster gracefully and stops the node: its shards are handed off first (Pekko's
   * coordinated shutdown with the cluster-leaving reason).
   *
   * @return completes when the node's ActorSystem has terminated
   */
  public CompletionStage<Done> leave() {
    return CoordinatedShutdown.get(system.classicSystem())
        .runAll(CoordinatedShutdown.clusterLeavingReason())
        .thenCompose(done -> system.getWhenTerminated());
  }

  /** Completes when the node's ActorSystem has terminated, whatever stopped it. */
  public CompletionStage<Done> whenTerminated() {
    return system.getWhenTerminated();
  }

  /** Leaves the cluster and waits (up to a minute) for the node to stop. */
  @Override
  public void close() {
    try {
      leave().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      system.terminate();
    }
  }

  @Override
  public String toString() {
    return "AtollNode(" + system.address() + ")";
  }
}
