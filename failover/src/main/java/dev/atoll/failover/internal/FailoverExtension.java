package dev.atoll.failover.internal;

import dev.atoll.failover.FailoverSettings;
import dev.atoll.journal.AtollJournalStorage;
import dev.atoll.journal.spi.LocalOnlyReplicator;
import dev.atoll.journal.spi.Replicator;
import dev.atoll.sharding.ShardingSettings;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.apache.pekko.actor.typed.Props;

/**
 * The failover runtime of one node: its {@link ReplicaEndpoint}, the {@link ShardDirectory} of the
 * shards it serves as primary, and the {@link ShardReplicator} the journal uses. Started with the
 * ActorSystem (this module's reference.conf lists it in {@code library-extensions}) so that every
 * member answers promise rounds and stores backup copies, whether or not it runs entities itself.
 */
public final class FailoverExtension implements Extension {

  /** The extension's id. */
  public static final class Id extends ExtensionId<FailoverExtension> {
    private static final Id INSTANCE = new Id();

    private Id() {}

    /** For Pekko's extension loader ({@code pekko.actor.typed.library-extensions}). */
    public static Id getInstance() {
      return INSTANCE;
    }

    @Override
    public FailoverExtension createExtension(ActorSystem<?> system) {
      return new FailoverExtension(system);
    }
  }

  public static FailoverExtension get(ActorSystem<?> system) {
    return Id.INSTANCE.apply(system);
  }

  private final FailoverSettings settings;
  private final String self;
  private final ShardDirectory directory;
  private final ActorRef<Wire.ToReplica> endpoint;
  private final Replicator replicator;

  private FailoverExtension(ActorSystem<?> system) {
    this.settings = FailoverSettings.fromConfig(system.settings().config());
    if (system.address().port().isEmpty()) {
      // A local ActorSystem (a unit test, a single-process tool): no cluster, nothing to replicate
      // to, and no other node that could become primary. The journal then works as local-only.
      system.log().info("Atoll failover is inactive in {}: it is not a cluster node", system.address());
      this.self = system.address().toString();
      this.directory = new ShardDirectory(self, shard -> {
        throw new IllegalStateException("failover is inactive in a non-cluster ActorSystem");
      }, name -> false);
      this.endpoint = null;
      this.replicator = new LocalOnlyReplicator();
      return;
    }
    this.self = NodeNames.of(system.address());
    AtollJournalStorage storage = AtollJournalStorage.get(system);
    Topology topology =
        new Topology(system, ShardingSettings.fromConfig(system.settings().config()).withReplicationFactor(settings.replicationFactor()));
    Executor blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
    AtomicLong incarnations = new AtomicLong();
    this.directory =
        new ShardDirectory(
            self,
            shard -> system.systemActorOf(
                ShardPrimary.create(shard, self, settings, storage, topology, directoryRef(), blocking),
                "atoll-failover-shard-" + shard + "-" + incarnations.incrementAndGet(),
                Props.empty()),
            topology::isReachableMember);
    this.endpoint =
        system.systemActorOf(ReplicaEndpoint.create(storage, self, directory), ReplicaEndpoint.NAME, DispatcherSelector.blocking());
    system.systemActorOf(Takeover.create(directory, topology, self), "atoll-failover-takeover", Props.empty());
    PendingWrites pending =
        new PendingWrites(system.scheduler(), system.executionContext(), settings.writeTimeout(), directory);
    ActorRef<Wire.ReplicateAnswer> acks = system.systemActorOf(AckCollector.create(pending), AckCollector.NAME, Props.empty());
    this.replicator =
        new ShardReplicator(self, directory, pending, acks, new BackupOutboxes(system.executionContext()));
  }

  /**
   * The directory, for the shard actors it spawns: they are created later (on a shard's first
   * recovery), by which time the field is set.
   */
  private ShardDirectory directoryRef() {
    return directory;
  }

  public FailoverSettings settings() {
    return settings;
  }

  /** This node's name in the protocol ({@code host:port}). */
  public String self() {
    return self;
  }

  public ShardDirectory directory() {
    return directory;
  }

  /** This node's replica endpoint; empty in a non-cluster ActorSystem, where failover is inactive. */
  public java.util.Optional<ActorRef<Wire.ToReplica>> endpoint() {
    return java.util.Optional.ofNullable(endpoint);
  }

  /** The journal's replicator on this node (the same instance for every journal plugin instance). */
  public Replicator replicator() {
    return replicator;
  }
}
