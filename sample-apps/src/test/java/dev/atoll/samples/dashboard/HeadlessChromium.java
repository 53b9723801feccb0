package dev.atoll.samples.dashboard;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's {@code chromium} in headless mode, one process per page load: renders a URL with a
 * fresh profile and no background traffic (no sync, no component updates, no QUIC), lets the
 * page's timers run for a budget of virtual time, and returns the DOM or a screenshot. A run that
 * exceeds its deadline is killed by PID, with every child process it started.
 */
final class HeadlessChromium {

  /** The environment variable that names another Chromium binary. */
  static final String BINARY_VARIABLE = "ATOLL_CHROMIUM";

  private static final Duration DEADLINE = Duration.ofSeconds(120);

  private final Path binary;
  private final Path workDir;

  private HeadlessChromium(Path binary, Path workDir) {
    this.binary = binary;
    this.workDir = workDir;
  }

  /** The Chromium of {@code $ATOLL_CHROMIUM}, or {@code chromium} on the PATH, if there is one. */
  static Optional<HeadlessChromium> find(Path workDir) {
    String named = System.getenv(BINARY_VARIABLE);
    Stream<Path> candidates = named != null && !named.isBlank()
        ? Stream.of(Path.of(named))
        : Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
            .filter(dir -> !dir.isBlank())
            .flatMap(dir -> Stream.of(Path.of(dir, "chromium"), Path.of(dir, "chromium-browser")));
    return candidates.filter(Files::isExecutable).findFirst().map(binary -> new HeadlessChromium(binary, workDir));
  }

  /** The DOM of {@code url} after {@code virtualTime} of the page's timers, as HTML. */
  String dumpDom(URI url, Duration virtualTime) {
    Path out = run(url, virtualTime, List.of("--dump-dom"));
    try {
      return Files.readString(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Saves a PNG of {@code url} rendered in a {@code width} x {@code height} window. */
  void screenshot(URI url, Duration virtualTime, Path png, int width, int height) {
    run(url, virtualTime, List.of("--screenshot=" + png.toAbsolutePath(), "--hide-scrollbars",
        "--window-size=" + width + "," + height));
    if (!Files.isRegularFile(png)) {
      throw new AssertionError("chromium wrote no screenshot to " + png);
    }
  }

  /** Runs one page load; returns the file holding its standard output. */
  private Path run(URI url, Duration virtualTime, List<String> action) {
    Path runDir;
    try {
      runDir = Files.createTempDirectory(workDir, "chromium-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> command = new ArrayList<>(List.of(binary.toString(),
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
        "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-extensions", "--no-proxy-server",
        "--user-data-dir=" + runDir.resolve("profile"),
        "--virtual-time-budget=" + virtualTime.toMillis()));
    command.addAll(action);
    command.add(url.toString());
    Path stdout = runDir.resolve("stdout.html");
    Path stderr = runDir.resolve("stderr.log");
    Process process;
    try {
      process = new ProcessBuilder(command).directory(runDir.toFile())
          .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + binary, e);
    }
    long pid = process.pid();
    try {
      if (!process.waitFor(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("chromium (pid " + pid + ") did not finish loading " + url + " within " + DEADLINE
            + "; its log: " + tail(stderr));
      }
      if (process.exitValue() != 0) {
        throw new AssertionError("chromium (pid " + pid + ") exited with " + process.exitValue() + " loading " + url
            + "; its log: " + tail(stderr));
      }
      return stdout;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while chromium (pid " + pid + ") loaded " + url, e);
    } finally {
      kill(pid);
    }
  }

  /** Kills {@code pid} and its descendants, if any still run (a headless run leaves none normally). */
  private static void kill(long pid) {
    ProcessHandle.of(pid).ifPresent(handle -> {
      handle.descendants().forEach(ProcessHandle::destroyForcibly);
      handle.destroyForcibly();
      handle.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> handle).join();
    });
  }

  private static String tail(Path log) {
    try {
      String text = Files.readString(log, StandardCharsets.UTF_8);
      return text.length() <= 2000 ? text : text.substring(text.length() - 2000);
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  @Override
  public String toString() {
    return binary.toString();
  }
}
