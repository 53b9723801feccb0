package dev.atoll.samples.chaos;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A node JVM started through {@code bin/atoll} (or the same launcher on this JVM's class path), for
 * the chaos harness and tests that need real process boundaries (SIGKILL, SIGSTOP). Keeps the
 * {@link Process} (and so the PID) it started and only ever signals that PID. Every output line is
 * kept with the {@link System#nanoTime()} at which it was read and copied to a log file, for
 * post-mortems.
 */
public final class NodeProcess implements AutoCloseable {

  /** One line of the node's output and when this JVM read it. */
  public record Line(long nanoTime, String text) {}

  /** JVM options of every node JVM: small heaps, and C1 only, which starts a JVM much faster. */
  static final List<String> NODE_JVM_OPTIONS = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

  private static final int MAX_LINES_KEPT = 10_000;

  private final String name;
  private final Process process;
  private final List<Line> lines = new ArrayList<>();
  private final Thread reader;

  private NodeProcess(String name, Process process, Path logFile) {
    this.name = name;
    this.process = process;
    this.reader = new Thread(() -> pump(logFile), "output-of-" + name);
    reader.setDaemon(true);
    reader.start();
  }

  /** Runs {@code bin/atoll args...} from the repository at {@code atollHome}. */
  public static NodeProcess start(Path atollHome, String name, Path logFile, List<String> args) throws IOException {
    return start(binAtoll(atollHome), name, logFile, args);
  }

  /** Runs {@code launcher args...}, where {@code launcher} is {@link #binAtoll} or {@link #sameClassPath}. */
  public static NodeProcess start(List<String> launcher, String name, Path logFile, List<String> args) throws IOException {
    return start(launcher, name, logFile, args, String.join(" ", NODE_JVM_OPTIONS));
  }

  /** Like {@link #start(List, String, Path, List)}, with {@code javaOptions} for a JVM that {@code bin/atoll} starts. */
  public static NodeProcess start(List<String> launcher, String name, Path logFile, List<String> args, String javaOptions)
      throws IOException {
    List<String> command = new ArrayList<>(launcher);
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("ATOLL_JAVA_OPTS", javaOptions);
    Files.createDirectories(logFile.getParent());
    return new NodeProcess(name, builder.start(), logFile);
  }

  /** The launcher command {@code bin/atoll} of the repository at {@code atollHome}. */
  public static List<String> binAtoll(Path atollHome) {
    return List.of(atollHome.resolve("bin/atoll").toString());
  }

  /** The launcher on this JVM's own Java and class path (what {@code bin/atoll chaos} uses). */
  public static List<String> sameClassPath() {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(NODE_JVM_OPTIONS);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("dev.atoll.samples.launcher.AtollLauncher");
    return command;
  }

  public static Path atollHome() {
    String home = System.getProperty("atoll.home");
    Path path = home == null ? Path.of("..").toAbsolutePath().normalize() : Path.of(home);
    if (!Files.isExecutable(path.resolve("bin/atoll"))) {
      throw new IllegalStateException("bin/atoll not found under " + path + " (set -Datoll.home)");
    }
    return path;
  }

  /** A port that was free a moment ago on 127.0.0.1. */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code count} distinct ports that were free a moment ago on 127.0.0.1 (held open together). */
  public static int[] freePorts(int count) {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      int[] ports = new int[count];
      for (int i = 0; i < count; i++) {
        ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        sockets.add(socket);
        ports[i] = socket.getLocalPort();
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      for (ServerSocket socket : sockets) {
        try {
          socket.close();
        } catch (IOException e) {
          // nothing to release
        }
      }
    }
  }

  public long pid() {
    return process.pid();
  }

  public String name() {
    return name;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** SIGTERM, and waits up to {@code timeout} for the process to exit: its shutdown hooks run. */
  public int terminate(Duration timeout) throws InterruptedException {
    process.destroy();
    return waitForExit(timeout);
  }

  /** SIGKILL: the JVM gets no chance to leave the cluster or flush anything. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException(name + " (pid " + pid() + ") survived SIGKILL for 30s");
    }
  }

  /** SIGSTOP: the JVM freezes, as in a long GC pause or a stalled VM; its sockets stay open. */
  public void pause() throws IOException, InterruptedException {
    signal("STOP");
  }

  /** SIGCONT: a paused JVM runs on, unaware of the time it lost (a "zombie"). */
  public void resume() throws IOException, InterruptedException {
    signal("CONT");
  }

  private void signal(String signal) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid())).redirectErrorStream(true).start();
    if (kill.waitFor() != 0) {
      throw new IllegalStateException("kill -" + signal + " " + pid() + " failed: " + new String(kill.getInputStream().readAllBytes()));
    }
  }

  public int waitForExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException(name + " (pid " + pid() + ") still running after " + timeout + "\n" + tail());
    }
    reader.join(5_000);
    return process.exitValue();
  }

  /** The first line matching {@code condition}, waiting up to {@code timeout} for it. */
  public Line awaitLine(Predicate<String> condition, Duration timeout, String what) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lines) {
      while (true) {
        Optional<Line> found = lines.stream().filter(l -> condition.test(l.text())).findFirst();
        if (found.isPresent()) {
          return found.get();
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || (!process.isAlive() && !reader.isAlive())) {
          throw new AssertionError(
              name + ": no line showing " + what + " within " + timeout
                  + (process.isAlive() ? "" : " (process exited)") + "; last output:\n" + tail());
        }
        lines.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 500)));
      }
    }
  }

  public String output() {
    synchronized (lines) {
      StringBuilder text = new StringBuilder();
      lines.forEach(l -> text.append(l.text()).append('\n'));
      return text.toString();
    }
  }

  public String tail() {
    synchronized (lines) {
      StringBuilder text = new StringBuilder();
      lines.subList(Math.max(0, lines.size() - 40), lines.size())
          .forEach(l -> text.append("  | ").append(l.text()).append('\n'));
      return text.toString();
    }
  }

  private void pump(Path logFile) {
    try (BufferedReader out =
            new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter log = new PrintWriter(Files.newBufferedWriter(logFile, StandardCharsets.UTF_8), true)) {
      String text;
      while ((text = out.readLine()) != null) {
        long now = System.nanoTime();
        log.println(text);
        synchronized (lines) {
          lines.add(new Line(now, text));
          if (lines.size() > MAX_LINES_KEPT) {
            lines.subList(0, lines.size() - MAX_LINES_KEPT / 2).clear(); // a long soak; the file keeps all
          }
          lines.notifyAll();
        }
      }
    } catch (IOException e) {
      // The process died; its output ends here.
    } finally {
      synchronized (lines) {
        lines.notifyAll();
      }
    }
  }

  /** Stops the process if it still runs: SIGKILL by its own PID. */
  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
