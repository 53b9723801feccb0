package dev.atoll.benchmarks.failover;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A node JVM this benchmark started: keeps its {@link Process} (so its PID) and only ever signals
 * that PID; copies its output to a log file and keeps the last lines for error messages.
 */
final class NodeJvm implements AutoCloseable {

  private final String name;
  private final Process process;
  private final Deque<String> tail = new ArrayDeque<>();

  private NodeJvm(String name, Process process, Path logFile) {
    this.name = name;
    this.process = process;
    // A benchmark stopped with Ctrl-C or SIGTERM must not leave node JVMs running.
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "kill-" + name + "-on-exit"));
    Thread pump = new Thread(() -> pump(logFile), "output-of-" + name);
    pump.setDaemon(true);
    pump.start();
  }

  static NodeJvm start(String name, List<String> command, Map<String, String> environment, Path logFile) throws IOException {
    Files.createDirectories(logFile.getParent());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(environment);
    return new NodeJvm(name, builder.start(), logFile);
  }

  String name() {
    return name;
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL: the JVM gets no chance to leave the cluster or flush anything. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException(name + " (pid " + pid() + ") survived SIGKILL for 30 s");
    }
  }

  /** The last lines of its output, for error messages. */
  String tail() {
    synchronized (tail) {
      return String.join("\n", tail);
    }
  }

  private void pump(Path logFile) {
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter log = new PrintWriter(Files.newBufferedWriter(logFile, StandardCharsets.UTF_8), true)) {
      String line;
      while ((line = out.readLine()) != null) {
        log.println(line);
        synchronized (tail) {
          tail.addLast(line);
          if (tail.size() > 30) {
            tail.removeFirst();
          }
        }
      }
    } catch (IOException e) {
      // the process died; its output ends here
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }

  /** {@code count} distinct ports that were free a moment ago on 127.0.0.1 (held open together). */
  static int[] freePorts(int count) throws IOException {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      int[] ports = new int[count];
      for (int i = 0; i < count; i++) {
        ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        sockets.add(socket);
        ports[i] = socket.getLocalPort();
      }
      return ports;
    } finally {
      for (ServerSocket socket : sockets) {
        socket.close();
      }
    }
  }
}
