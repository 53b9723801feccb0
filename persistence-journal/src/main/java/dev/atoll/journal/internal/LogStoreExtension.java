package dev.atoll.journal.internal;

import org.apache.pekko.actor.AbstractExtensionId;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.Extension;
import org.apache.pekko.actor.ExtensionIdProvider;

/**
 * Holds the one {@link LogStore} of an ActorSystem, shared by the journal, the snapshot store and
 * the read journal, so the three plugins see the same data and RocksDB is opened once. The store
 * opens on first use (an open failure is thrown to every caller, so the plugins fail to start with
 * the cause) and is closed when the ActorSystem terminates, after all plugin actors have stopped.
 *
 * <p>Two ActorSystems configured with the same directory each try to open it; the second gets
 * RocksDB's lock error, turned into a {@code JournalStoreException} naming the path.
 */
public final class LogStoreExtension implements Extension {

  /** The extension id; use {@link #get(ActorSystem)}. */
  public static final class Id extends AbstractExtensionId<LogStoreExtension>
      implements ExtensionIdProvider {

    @Override
    public LogStoreExtension createExtension(ExtendedActorSystem system) {
      return new LogStoreExtension(system);
    }

    @Override
    public Id lookup() {
      return ID;
    }
  }

  public static final Id ID = new Id();

  private final JournalSettings settings;
  private LogStore store;
  private boolean terminated;

  private LogStoreExtension(ExtendedActorSystem system) {
    this.settings = JournalSettings.fromConfig(system.settings().config());
    system.registerOnTermination(this::close);
  }

  public static LogStoreExtension get(ActorSystem system) {
    return ID.get(system);
  }

  public static LogStoreExtension get(org.apache.pekko.actor.typed.ActorSystem<?> system) {
    return ID.get(org.apache.pekko.actor.typed.javadsl.Adapter.toClassic(system));
  }

  public JournalSettings settings() {
    return settings;
  }

  /** The store, opened now if this is the first use. */
  public synchronized LogStore store() {
    if (store == null) {
      if (terminated) {
        throw new dev.atoll.journal.JournalStoreException(
            settings.store().directory(), "The ActorSystem has terminated; the journal is closed");
      }
      store = LogStore.open(settings.store());
    }
    return store;
  }

  private synchronized void close() {
    terminated = true;
    if (store != null) {
      store.close();
    }
  }
}
