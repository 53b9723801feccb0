package dev.atoll.journal.tck;

import dev.atoll.journal.TestConfigs;
import dev.atoll.journal.TestDirectories;
import java.nio.file.Path;
import org.apache.pekko.persistence.CapabilityFlag;
import org.apache.pekko.persistence.japi.snapshot.JavaSnapshotStoreSpec;

/**
 * Pekko's snapshot store TCK against {@code atoll.snapshot-store}, every optional capability on
 * (serialization and metadata). Runs through ScalaTest's JUnit 5 engine in a fresh data directory.
 */
public class AtollSnapshotStoreTckTest extends JavaSnapshotStoreSpec {

  private static final ThreadLocal<Path> DIRECTORY = new ThreadLocal<>();

  private final Path directory;

  public AtollSnapshotStoreTckTest() {
    super(TestConfigs.journalIn(freshDirectory()));
    this.directory = DIRECTORY.get();
    DIRECTORY.remove();
  }

  private static Path freshDirectory() {
    // Only a name: the engine also instantiates suites it does not run, and the directory is
    // created by the store when the suite's ActorSystem first uses the journal.
    Path directory = TestDirectories.unique("snapshot-tck");
    DIRECTORY.set(directory);
    return directory;
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
