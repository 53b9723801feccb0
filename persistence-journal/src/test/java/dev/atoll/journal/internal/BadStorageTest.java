package dev.atoll.journal.internal;

import static dev.atoll.journal.internal.TestEvents.event;
import static dev.atoll.journal.internal.TestEvents.events;
import static dev.atoll.journal.internal.TestEvents.replaySequenceNrs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atoll.journal.JournalStoreException;
import dev.atoll.journal.TestDirectories;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The store refuses broken storage loudly, names the path and the cause, and loses nothing. */
class BadStorageTest {

  private Path directory;

  @BeforeEach
  void createDirectory() {
    directory = TestDirectories.fresh("bad-storage");
  }

  @AfterEach
  void deleteDirectory() {
    TestDirectories.delete(directory);
  }

  @Test
  void aSecondStoreOnALockedDirectoryFailsNamingThePath() {
    try (LogStore first = LogStore.open(LogStoreSettings.of(directory))) {
      first.append(events("Account|a", 1, 2)).join();

      assertThatThrownBy(() -> LogStore.open(LogStoreSettings.of(directory)))
          .isInstanceOf(JournalStoreException.class)
          .hasMessageContaining(directory.toAbsolutePath().normalize().toString())
          .hasMessageContaining("already locked by another node");

      assertThat(replaySequenceNrs(first, "Account|a")).containsExactly(1L, 2L);
    }
  }

  @Test
  void refusesToStartWhenTheCurrentFileIsCorrupted() throws IOException {
    writeEventsAndClose();
    Files.writeString(directory.resolve("CURRENT"), "MANIFEST-999999", StandardCharsets.US_ASCII);

    assertThatThrownBy(() -> LogStore.open(LogStoreSettings.of(directory)))
        .isInstanceOf(JournalStoreException.class)
        .hasMessageContaining(directory.toString())
        .hasMessageContaining("CURRENT")
        .hasMessageContaining("Refusing to start");
    assertThat(Files.list(directory).map(p -> p.getFileName().toString()))
        .anyMatch(name -> name.endsWith(".sst"));
  }

  @Test
  void refusesToStartWhenTheManifestIsCorrupted() throws IOException {
    writeEventsAndClose();
    Path manifest = onlyFile("MANIFEST-");
    long length = Files.size(manifest);
    overwrite(manifest, length / 2, new byte[(int) Math.min(64, length / 2)]);

    assertThatThrownBy(() -> LogStore.open(LogStoreSettings.of(directory)))
        .isInstanceOf(JournalStoreException.class)
        .hasMessageContaining(directory.toString())
        .hasMessageContainingAll("corrupted", "Refusing to start");
  }

  @Test
  void refusesToStartWhenATableFileIsCorrupted() throws IOException {
    writeEventsAndClose();
    Path table = largestFile(".sst");
    overwrite(table, Files.size(table) - 8, new byte[8]);

    assertThatThrownBy(() -> LogStore.open(LogStoreSettings.of(directory)))
        .isInstanceOf(JournalStoreException.class)
        .hasMessageContaining(directory.toString())
        .hasMessageContainingAll("corrupted", "Refusing to start");
  }

  @Test
  void refusesToCreateAnEmptyJournalOverDataFilesWithoutCurrentFile() throws IOException {
    writeEventsAndClose();
    Files.delete(directory.resolve("CURRENT"));

    assertThatThrownBy(() -> LogStore.open(LogStoreSettings.of(directory)))
        .isInstanceOf(JournalStoreException.class)
        .hasMessageContaining(directory.toString())
        .hasMessageContaining("no CURRENT file");
    assertThat(Files.exists(directory.resolve("CURRENT"))).isFalse();
  }

  @Test
  void aClosedStoreFailsWritesAndReadsClearly() {
    LogStore store = LogStore.open(LogStoreSettings.of(directory));
    store.close();

    assertThatThrownBy(() -> store.append(events("Account|a", 1, 1)).join())
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOf(JournalStoreException.class)
        .hasMessageContaining("is closed");
    assertThatThrownBy(() -> store.highestSequenceNr("Account|a"))
        .isInstanceOf(JournalStoreException.class)
        .hasMessageContaining(directory.toString());
  }

  @Test
  void aWriteOnAFullDiskFailsClearlyAndEarlierEventsStayReadable() throws Exception {
    Assumptions.assumeTrue(
        "root".equals(System.getProperty("user.name")),
        "mounting a small tmpfs to fill up needs root; this test runs as "
            + System.getProperty("user.name"));
    Path mountPoint = directory.resolve("tmpfs");
    Files.createDirectories(mountPoint);
    Process mount =
        new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", mountPoint.toString())
            .redirectErrorStream(true)
            .start();
    String mountOutput = new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    Assumptions.assumeTrue(
        mount.waitFor() == 0, "cannot mount a tmpfs here (" + mountOutput.trim() + ")");
    try {
      Path journal = mountPoint.resolve("journal");
      try (LogStore store = LogStore.open(LogStoreSettings.of(journal))) {
        store.append(events("Account|early", 1, 10)).join();

        byte[] big = new byte[64 * 1024];
        Throwable failure = null;
        for (int i = 1; i <= 200 && failure == null; i++) {
          try {
            store.append(List.of(bigEvent("Account|filler", i, big))).join();
          } catch (CompletionException e) {
            failure = e.getCause();
          }
        }

        assertThat(failure)
            .as("a write on a full 2 MiB disk fails")
            .isInstanceOf(JournalStoreException.class)
            .hasMessageContaining(journal.toString())
            .hasMessageContaining("may or may not be stored");
        assertThat(failure.getMessage()).containsIgnoringCase("space");
        assertThat(replaySequenceNrs(store, "Account|early"))
            .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
      }
    } finally {
      new ProcessBuilder("umount", mountPoint.toString()).inheritIO().start().waitFor();
    }
  }

  private static dev.atoll.journal.spi.JournalEvent bigEvent(String pid, long seq, byte[] bytes) {
    dev.atoll.journal.spi.JournalEvent small = event(pid, seq);
    return new dev.atoll.journal.spi.JournalEvent(
        pid, seq, small.writerUuid(), "", 0,
        new dev.atoll.journal.spi.SerializedObject(4, "", bytes), small.metadata(), List.of());
  }

  private void writeEventsAndClose() {
    try (LogStore store = LogStore.open(LogStoreSettings.of(directory))) {
      store.append(events("Account|a", 1, 100)).join();
      store.flush();
    }
  }

  private Path onlyFile(String prefix) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(p -> p.getFileName().toString().startsWith(prefix)).findFirst().orElseThrow();
    }
  }

  private Path largestFile(String suffix) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .filter(p -> p.getFileName().toString().endsWith(suffix))
          .max((a, b) -> Long.compare(a.toFile().length(), b.toFile().length()))
          .orElseThrow();
    }
  }

  private static void overwrite(Path file, long position, byte[] bytes) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(position);
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = (byte) 0xA5;
      }
      raf.write(bytes);
    }
  }
}
