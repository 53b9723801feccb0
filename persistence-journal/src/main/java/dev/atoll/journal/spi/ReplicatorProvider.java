package dev.atoll.journal.spi;

import com.typesafe.config.Config;
import org.apache.pekko.actor.ActorSystem;

/**
 * Creates the {@link Replicator} that {@code atoll.journal.replicator = auto} (the default) uses.
 * A module that replicates the journal (the failover module) registers one implementation in
 * {@code META-INF/services/dev.atoll.journal.spi.ReplicatorProvider}; putting that module on the
 * class path is then all it takes to turn replication on. With no provider on the class path the
 * journal stores locally only; with several, the journal refuses to start and names them, and
 * {@code atoll.journal.replicator} must name the Replicator class to use.
 *
 * <p>An implementation MUST:
 *
 * <ol>
 *   <li>have a public no-argument constructor ({@link java.util.ServiceLoader} creates it);
 *   <li>return a new, ready Replicator from {@link #create} for each journal plugin instance, or
 *       throw an exception that says why it cannot (the journal then fails to start with it).
 * </ol>
 *
 * @since 0.1.0
 */
public interface ReplicatorProvider {

  /**
   * The replicator for the journal of {@code system}.
   *
   * @param system the node's ActorSystem
   * @param pluginConfig the journal plugin's config section ({@code atoll.journal})
   */
  Replicator create(ActorSystem system, Config pluginConfig);
}
