package dev.atoll.failover;

import com.typesafe.config.Config;
import dev.atoll.failover.internal.FailoverExtension;
import dev.atoll.journal.spi.Replicator;
import dev.atoll.journal.spi.ReplicatorProvider;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;

/**
 * Plugs the failover module into the embedded journal: found through {@link java.util.ServiceLoader}
 * when {@code atoll.journal.replicator = auto} (the default), so that adding this module to the
 * classpath is all it takes to replicate every write.
 *
 * @since 0.1.0
 */
public final class FailoverReplicatorProvider implements ReplicatorProvider {

  @Override
  public Replicator create(ActorSystem system, Config pluginConfig) {
    return FailoverExtension.get(Adapter.toTyped(system)).replicator();
  }
}
