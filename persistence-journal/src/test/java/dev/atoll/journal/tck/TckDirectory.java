package dev.atoll.journal.tck;

import com.typesafe.config.Config;
import dev.atoll.journal.TestConfigs;
import dev.atoll.journal.TestDirectories;
import java.nio.file.Path;

/**
 * Hands a TCK suite its own data directory. The TCK's base classes take their config in the
 * constructor's {@code super(...)} call, before the suite can store a field, so the directory
 * chosen for that config is parked here per thread and claimed right after {@code super}.
 */
final class TckDirectory {

  private static final ThreadLocal<Path> CHOSEN = new ThreadLocal<>();

  private TckDirectory() {}

  /**
   * The journal config of a fresh directory named after {@code suite}. Only a name: the engine
   * also instantiates suites it does not run, and the store creates the directory on first use.
   */
  static Config freshConfig(String suite) {
    Path directory = TestDirectories.unique(suite);
    CHOSEN.set(directory);
    return TestConfigs.journalIn(directory);
  }

  /** The directory the last {@link #freshConfig} on this thread chose. */
  static Path claim() {
    Path directory = CHOSEN.get();
    CHOSEN.remove();
    return directory;
  }
}
