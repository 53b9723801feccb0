package dev.atoll.journal.internal;

import static dev.atoll.journal.internal.TestEvents.events;
import static dev.atoll.journal.internal.TestEvents.replaySequenceNrs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atoll.journal.JournalStoreException;
import dev.atoll.journal.TestDirectories;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A full disk: writes fail while there is no space, and succeed again once space is freed, without
 * a restart. RocksDB turns a failed log write into a background error that refuses every later
 * write until {@code DB.resume()}; the store must resume by itself. Needs a small file system to
 * fill, so it mounts a tmpfs (root only; skipped, and says so, where mounting is not allowed).
 */
class DiskFullTest {

  private Path mountPoint;
  private boolean mounted;

  @BeforeEach
  void mountASmallFileSystem() throws Exception {
    mountPoint = TestDirectories.fresh("disk-full");
    Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", mountPoint.toString())
        .redirectErrorStream(true).start();
    String output = new String(mount.getInputStream().readAllBytes());
    mounted = mount.waitFor(30, TimeUnit.SECONDS) && mount.exitValue() == 0;
    Assumptions.assumeTrue(mounted, "mount -t tmpfs is not permitted here (needs root): " + output);
  }

  @AfterEach
  void unmount() throws Exception {
    if (mounted) {
      new ProcessBuilder("umount", mountPoint.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
    }
    TestDirectories.delete(mountPoint);
  }

  @Test
  void writesFailWhileTheDiskIsFullAndSucceedAgainOnceSpaceIsFreedWithoutARestart() throws IOException {
    try (LogStore store = LogStore.open(LogStoreSettings.of(mountPoint.resolve("journal")))) {
      store.append(events("Account|a", 1, 2)).join();

      Path filler = mountPoint.resolve("filler");
      fill(filler);
      // The log's last page may still have room for a few small writes: write until one fails.
      long next = 3;
      JournalStoreException failure = null;
      for (int i = 0; i < 100_000 && failure == null; i++) {
        try {
          store.append(events("Account|a", next, next)).join();
          next++;
        } catch (CompletionException e) {
          failure = (JournalStoreException) e.getCause();
        }
      }
      assertThat(failure).as("a write to a full disk").isNotNull();
      assertThat(failure.getMessage()).contains("No space left");

      // While the disk stays full, writes keep failing but the store still serves reads.
      long stored = store.highestSequenceNr("Account|a");
      assertThatThrownBy(() -> store.append(events("Account|a", stored + 1, stored + 1)).join())
          .isInstanceOf(CompletionException.class)
          .hasMessageContaining("needed to reopen the journal");
      assertThat(replaySequenceNrs(store, "Account|a")).startsWith(1L, 2L);

      Files.delete(filler);
      long from = store.highestSequenceNr("Account|a") + 1;
      store.append(events("Account|a", from, from + 1)).join();
      assertThat(replaySequenceNrs(store, "Account|a"))
          .containsExactlyElementsOf(LongStream.rangeClosed(1, from + 1).boxed().toList());
    }
  }

  /** Writes until the file system is full. */
  private static void fill(Path filler) throws IOException {
    byte[] chunk = new byte[1 << 16];
    try (OutputStream out = Files.newOutputStream(filler)) {
      while (true) {
        out.write(chunk);
      }
    } catch (IOException e) {
      assertThat(e.getMessage()).contains("No space left");
    }
  }
}
