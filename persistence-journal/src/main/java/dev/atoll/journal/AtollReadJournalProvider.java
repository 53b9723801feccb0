package dev.atoll.journal;

import com.typesafe.config.Config;
import dev.atoll.journal.internal.Events;
import dev.atoll.journal.internal.JournalPlugins;
import dev.atoll.journal.internal.LogStore;
import dev.atoll.journal.internal.LogStoreExtension;
import dev.atoll.journal.internal.PayloadSerializer;
import dev.atoll.journal.internal.Queries;
import dev.atoll.journal.internal.ScalaAtollReadJournal;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.persistence.query.ReadJournalProvider;

/**
 * The read journal plugin named by {@code atoll.query.class}: Pekko Persistence Query creates it and
 * asks it for the Java ({@link AtollReadJournal}) or Scala read journal, both over the node's
 * shared store. Users never create it themselves.
 *
 * @since 0.1.0
 */
public final class AtollReadJournalProvider implements ReadJournalProvider {

  private final AtollReadJournal javadsl;
  private final ScalaAtollReadJournal scaladsl;

  /**
   * Called by Pekko Persistence Query with the plugin's config section and its path.
   *
   * @throws dev.atoll.framework.AtollConfigException if refresh-interval or batch-size is invalid
   */
  public AtollReadJournalProvider(ExtendedActorSystem system, Config pluginConfig, String path) {
    JournalPlugins.QuerySettings settings =
        JournalPlugins.querySettings(system.settings().config(), path);
    java.time.Duration refresh = settings.refreshInterval();
    int batchSize = settings.batchSize();
    LogStore store = LogStoreExtension.get(system).store();
    Executor executor =
        system
            .dispatchers()
            .lookup(system.settings().config().getString("atoll.journal.plugin-dispatcher"));
    Queries queries =
        new Queries(
            store, new Events(new PayloadSerializer(system)), system, executor, refresh, batchSize);
    this.javadsl = new AtollReadJournal(queries, executor);
    this.scaladsl = new ScalaAtollReadJournal(javadsl);
  }

  @Override
  public org.apache.pekko.persistence.query.scaladsl.ReadJournal scaladslReadJournal() {
    return scaladsl;
  }

  @Override
  public org.apache.pekko.persistence.query.javadsl.ReadJournal javadslReadJournal() {
    return javadsl;
  }
}
