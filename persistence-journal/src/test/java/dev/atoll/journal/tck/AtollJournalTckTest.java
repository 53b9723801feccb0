package dev.atoll.journal.tck;

import dev.atoll.journal.TestConfigs;
import dev.atoll.journal.TestDirectories;
import java.nio.file.Path;
import org.apache.pekko.persistence.CapabilityFlag;
import org.apache.pekko.persistence.japi.journal.JavaJournalSpec;

/**
 * Pekko's journal TCK against {@code atoll.journal}, every optional capability on. Runs through
 * ScalaTest's JUnit 5 engine; each instance gets its own fresh data directory.
 */
public class AtollJournalTckTest extends JavaJournalSpec {

  private static final ThreadLocal<Path> DIRECTORY = new ThreadLocal<>();

  private final Path directory;

  public AtollJournalTckTest() {
    super(TestConfigs.journalIn(freshDirectory()));
    this.directory = DIRECTORY.get();
    DIRECTORY.remove();
  }

  private static Path freshDirectory() {
    // Only a name: the engine also instantiates suites it does not run, and the directory is
    // created by the store when the suite's ActorSystem first uses the journal.
    Path directory = TestDirectories.unique("journal-tck");
    DIRECTORY.set(directory);
    return directory;
  }

  @Override
  public CapabilityFlag supportsRejectingNonSerializableObjects() {
    return CapabilityFlag.on();
  }

  @Override
  public CapabilityFlag supportsSerialization() {
    return CapabilityFlag.on();
  }

  @Override
  public CapabilityFlag supportsMetadata() {
    return CapabilityFlag.on();
  }

  @Override
  public void afterAll() {
    super.afterAll();
    TestDirectories.delete(directory);
  }
}
