package dev.atoll.samples.chaos;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Disk-full faults: each node's data directory is its own small tmpfs, and a fault fills it with
 * a filler file until the kernel answers ENOSPC, then frees it again. Every mount this class made
 * is unmounted on {@link #close()}; mounts under a work directory of a harness that died without
 * cleaning up (named {@code atoll-chaos-<pid>}, its PID no longer running) are unmounted at start.
 */
final class DiskFaults implements AutoCloseable {

  static final String WORK_DIR_PREFIX = "atoll-chaos-";
  private static final String FILLER = "chaos-filler";

  private final String size;
  private final List<Path> mounted = new ArrayList<>();

  /** @param size the size of each tmpfs, as mount's {@code size=} option takes it (for example 256m) */
  DiskFaults(String size) {
    this.size = size;
  }

  /** Why tmpfs cannot be mounted here (tried on a scratch directory under {@code scratch}), or empty. */
  static Optional<String> unavailableBecause(Path scratch) {
    if (!Shell.isRoot()) {
      return Optional.of("not running as root (mount needs it)");
    }
    Path probe = scratch.resolve("mount-probe");
    try {
      Files.createDirectories(probe);
      Shell.Result mount = Shell.run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", probe.toString());
      if (!mount.ok()) {
        return Optional.of("mount -t tmpfs is not permitted here: " + mount.output());
      }
      Shell.run("umount", probe.toString());
      Files.deleteIfExists(probe);
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of("cannot create " + probe + ": " + e.getMessage());
    }
  }

  /** Mounts a tmpfs on {@code dataDir} (created if missing). */
  synchronized void mount(Path dataDir) throws IOException {
    Files.createDirectories(dataDir);
    Shell.check("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dataDir.toString());
    mounted.add(dataDir);
  }

  /** Writes a filler file into {@code dataDir} until the file system is full; returns the bytes written. */
  long fill(Path dataDir) throws IOException {
    byte[] chunk = new byte[1 << 16];
    long written = 0;
    try (OutputStream out = Files.newOutputStream(dataDir.resolve(FILLER))) {
      while (true) {
        out.write(chunk);
        written += chunk.length;
      }
    } catch (IOException e) {
      if (!String.valueOf(e.getMessage()).contains("No space left")) {
        throw e;
      }
      return written;
    }
  }

  /** Deletes the filler file: the space is free again. */
  void free(Path dataDir) throws IOException {
    Files.deleteIfExists(dataDir.resolve(FILLER));
  }

  /** Unmounts everything this instance mounted; safe to call more than once and from a shutdown hook. */
  @Override
  public synchronized void close() {
    for (Path dir : mounted) {
      if (!Shell.run("umount", dir.toString()).ok()) {
        Shell.run("umount", "-l", dir.toString()); // a process still holds a file: detach it now
      }
    }
    mounted.clear();
  }

  /** Unmounts tmpfs mounts under work directories of harnesses that are no longer running. */
  static void removeStaleMounts() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/mounts"))) {
      String[] fields = line.split(" ");
      if (fields.length < 3 || !fields[2].equals("tmpfs")) {
        continue;
      }
      String mountPoint = fields[1];
      int at = mountPoint.indexOf("/" + WORK_DIR_PREFIX);
      if (at < 0) {
        continue;
      }
      String rest = mountPoint.substring(at + WORK_DIR_PREFIX.length() + 1);
      String digits = rest.split("[^0-9]", 2)[0];
      if (digits.isEmpty()) {
        continue;
      }
      long pid = Long.parseLong(digits);
      if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
        System.out.println("atoll chaos: unmounting the stale tmpfs " + mountPoint);
        if (!Shell.run("umount", mountPoint).ok()) {
          Shell.run("umount", "-l", mountPoint);
        }
      }
    }
  }
}
