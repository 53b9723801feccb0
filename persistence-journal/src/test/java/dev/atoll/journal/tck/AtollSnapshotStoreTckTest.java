package dev.atoll.journal.tck;

import dev.atoll.journal.TestDirectories;
import java.nio.file.Path;
import org.apache.pekko.persistence.CapabilityFlag;
import org.apache.pekko.persistence.japi.snapshot.JavaSnapshotStoreSpec;

/**
 * Pekko's snapshot store TCK against {@code atoll.snapshot-store}, every optional capability on
 * (serialization and metadata). Runs through ScalaTest's JUnit 5 engine in a fresh data directory.
 */
public class AtollSnapshotStoreTckTest extends JavaSnapshotStoreSpec {

  private final Path directory;

  public AtollSnapshotStoreTckTest() {
    super(TckDirectory.freshConfig("snapshot-tck"));
    this.directory = TckDirectory.claim();
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
