package dev.atoll.failover;

import dev.atoll.failover.internal.FailoverExtension;
import dev.atoll.failover.internal.ShardDirectory;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * The failover state of one node, for code and operators: which shards it serves as primary, in
 * which epoch, with which replicas. The runtime itself starts with the ActorSystem; nothing needs
 * to be called to turn it on (see this module's reference.conf).
 *
 * @since 0.1.0
 */
public final class Failover {

  private final FailoverExtension extension;

  private Failover(FailoverExtension extension) {
    this.extension = extension;
  }

  public static Failover get(ActorSystem<?> system) {
    return new Failover(FailoverExtension.get(system));
  }

  public FailoverSettings settings() {
    return extension.settings();
  }

  /** The shards this node serves or is trying to serve as primary, by shard number. */
  public List<ShardStatus> primaryShards() {
    List<ShardStatus> result = new ArrayList<>();
    for (ShardDirectory.Status status : extension.directory().statuses().values()) {
      result.add(new ShardStatus(status.shard(), status.state(), status.config().epoch(), status.config().replicas(),
          status.completeBackups(), status.underReplicated(), status.detail()));
    }
    return result;
  }
}
