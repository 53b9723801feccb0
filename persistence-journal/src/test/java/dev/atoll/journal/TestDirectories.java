package dev.atoll.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Fresh temporary data directories for tests, and their removal. */
public final class TestDirectories {

  private TestDirectories() {}

  public static Path fresh(String prefix) {
    try {
      return Files.createTempDirectory("atoll-" + prefix + "-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A fresh path under the temporary directory that does not exist yet; whoever writes there first
   * creates it. For test classes that are instantiated without being run (test discovery).
   */
  public static Path unique(String prefix) {
    return Path.of(System.getProperty("java.io.tmpdir"), "atoll-" + prefix + "-" + java.util.UUID.randomUUID());
  }

  /** Deletes {@code directory} and everything in it; missing files are fine. */
  public static void delete(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
