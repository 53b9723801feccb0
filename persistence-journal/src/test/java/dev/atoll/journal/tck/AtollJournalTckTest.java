package dev.atoll.journal.tck;

import dev.atoll.journal.TestDirectories;
import java.nio.file.Path;
import org.apache.pekko.persistence.CapabilityFlag;
import org.apache.pekko.persistence.japi.journal.JavaJournalSpec;

/**
 * Pekko's journal TCK against {@code atoll.journal}, every optional capability on. Runs through
 * ScalaTest's JUnit 5 engine; each instance gets its own fresh data directory.
 */
public class AtollJournalTckTest extends JavaJournalSpec {

  private final Path directory;

  public AtollJournalTckTest() {
    super(TckDirectory.freshConfig("journal-tck"));
    this.directory = TckDirectory.claim();
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
