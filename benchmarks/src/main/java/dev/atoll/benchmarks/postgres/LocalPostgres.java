package dev.atoll.benchmarks.postgres;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of its own for one benchmark run (or one test): a fresh data directory under
 * the system temp directory, a free port on 127.0.0.1, trust authentication for the local superuser
 * {@code postgres}, fsync on (the default, as a production journal would run it). It is started with
 * {@code pg_ctl} and stopped by the postmaster's PID, never by name, so several can run side by side.
 *
 * <p>PostgreSQL refuses to run as root: when this JVM runs as root, {@code initdb} and the server
 * run as the {@code postgres} system user (through {@code runuser}), which owns the data directory.
 * If the binaries are missing and this JVM is root on Debian, {@link #start} installs them with
 * {@code apt-get install -y postgresql}. Anything that keeps the server from starting is a {@link
 * PostgresUnavailableException} whose message says what, so a benchmark can report its PostgreSQL
 * contender as skipped with that reason.
 */
public final class LocalPostgres implements AutoCloseable {

  /** Why no server could be started: missing binaries, a failed install, initdb or start. */
  public static final class PostgresUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    PostgresUnavailableException(String message) {
      super(message);
    }
  }

  private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(3);
  private static final Pattern DATABASE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

  private final Path home;
  private final Path dataDir;
  private final int port;
  private final long pid;

  private final Thread stopOnExit;
  private boolean closed;

  private LocalPostgres(Path home, Path dataDir, int port, long pid) {
    this.home = home;
    this.dataDir = dataDir;
    this.port = port;
    this.pid = pid;
    // A benchmark stopped with Ctrl-C or SIGTERM must not leave a server running in the background.
    this.stopOnExit = new Thread(() -> {
      try {
        stop();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "stop-postgres-" + pid);
    Runtime.getRuntime().addShutdownHook(stopOnExit);
  }

  /** Installs PostgreSQL if needed, creates a data directory and starts a server on it. */
  public static LocalPostgres start() throws PostgresUnavailableException, InterruptedException {
    Path bin = binaries().orElse(null);
    if (bin == null) {
      install();
      bin = binaries().orElseThrow(() -> new PostgresUnavailableException(
          "apt-get install -y postgresql ran but no pg_ctl was found under /usr/lib/postgresql/*/bin or on the PATH"));
    }
    Path home;
    try {
      home = Files.createTempDirectory("atoll-bench-postgres-");
    } catch (IOException e) {
      throw new PostgresUnavailableException("cannot create a data directory under the temp dir: " + e.getMessage());
    }
    Path dataDir = home.resolve("data");
    try {
      boolean root = isRoot();
      if (root) {
        run(List.of("chown", "postgres:postgres", home.toString()), "chown of " + home);
      }
      run(asServerUser(root, List.of(bin.resolve("initdb").toString(), "-D", dataDir.toString(), "-U", "postgres",
          "-A", "trust", "-E", "UTF8", "--no-sync")), "initdb");
      int port = freePort();
      // The socket directory is the data directory: no shared /var/run/postgresql needed.
      String options = "-p " + port + " -c listen_addresses=127.0.0.1 -k " + dataDir;
      run(asServerUser(root, List.of(bin.resolve("pg_ctl").toString(), "start", "-w", "-t", "120",
          "-D", dataDir.toString(), "-l", home.resolve("server.log").toString(), "-o", options)), "pg_ctl start");
      long pid = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
      return new LocalPostgres(home, dataDir, port, pid);
    } catch (IOException | RuntimeException e) {
      deleteQuietly(home);
      throw new PostgresUnavailableException("PostgreSQL did not start: " + e.getMessage());
    } catch (PostgresUnavailableException e) {
      deleteQuietly(home);
      throw e;
    }
  }

  public int port() {
    return port;
  }

  /** The postmaster's PID, by which {@link #close()} stops the server. */
  public long pid() {
    return pid;
  }

  public String user() {
    return "postgres";
  }

  /** The JDBC URL of database {@code database} on this server. */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  /** Creates an empty database {@code name} (lower case letters, digits and underscores). */
  public void createDatabase(String name) throws SQLException {
    if (!DATABASE_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("database name '" + name + "' must match " + DATABASE_NAME);
    }
    try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), user(), "");
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    }
  }

  /** Stops the server by its PID (fast shutdown: SIGINT), waits for it, deletes its data. */
  @Override
  public void close() throws InterruptedException {
    try {
      Runtime.getRuntime().removeShutdownHook(stopOnExit);
    } catch (IllegalStateException e) {
      // the JVM is shutting down: the hook stops the server
    }
    stop();
  }

  private synchronized void stop() throws InterruptedException {
    if (closed) {
      return;
    }
    closed = true;
    Optional<ProcessHandle> postmaster = ProcessHandle.of(pid);
    if (postmaster.isPresent()) {
      try {
        new ProcessBuilder("kill", "-INT", Long.toString(pid)).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
        if (!waitForExit(postmaster.get(), Duration.ofSeconds(60))) {
          postmaster.get().destroyForcibly();
          waitForExit(postmaster.get(), Duration.ofSeconds(30));
        }
      } catch (IOException e) {
        postmaster.get().destroyForcibly();
      }
    }
    deleteQuietly(home);
  }

  private static boolean waitForExit(ProcessHandle process, Duration timeout) throws InterruptedException {
    try {
      process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      return !process.isAlive();
    }
  }

  @Override
  public String toString() {
    return "PostgreSQL on 127.0.0.1:" + port + " (pid " + pid + ", data " + dataDir + ")";
  }

  /** The newest {@code /usr/lib/postgresql/<version>/bin}, or the directory of {@code pg_ctl} on the PATH. */
  static Optional<Path> binaries() {
    Path lib = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(lib)) {
      try (Stream<Path> versions = Files.list(lib)) {
        Optional<Path> newest = versions
            .map(v -> v.resolve("bin"))
            .filter(b -> Files.isExecutable(b.resolve("pg_ctl")) && Files.isExecutable(b.resolve("initdb")))
            .max(Comparator.comparingInt(b -> majorVersion(b.getParent().getFileName().toString())));
        if (newest.isPresent()) {
          return newest;
        }
      } catch (IOException e) {
        // fall through to the PATH
      }
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "pg_ctl")) && Files.isExecutable(Path.of(dir, "initdb"))) {
        return Optional.of(Path.of(dir));
      }
    }
    return Optional.empty();
  }

  private static int majorVersion(String name) {
    try {
      return Integer.parseInt(name.replaceAll("[^0-9].*", ""));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static void install() throws PostgresUnavailableException, InterruptedException {
    if (!isRoot() || !Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
      throw new PostgresUnavailableException(
          "PostgreSQL is not installed and cannot be installed here (needs root and apt-get): install it, e.g. apt-get install -y postgresql");
    }
    try {
      run(List.of("apt-get", "install", "-y", "postgresql"), "apt-get install -y postgresql");
    } catch (PostgresUnavailableException first) {
      // A fresh machine may have no package lists yet.
      run(List.of("apt-get", "update"), "apt-get update");
      run(List.of("apt-get", "install", "-y", "postgresql"), "apt-get install -y postgresql");
    }
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static List<String> asServerUser(boolean root, List<String> command) {
    if (!root) {
      return command;
    }
    List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
    wrapped.addAll(command);
    return wrapped;
  }

  /** Runs {@code command} to completion; its output becomes the error message if it fails. */
  private static void run(List<String> command, String what) throws PostgresUnavailableException, InterruptedException {
    try {
      Path output = Files.createTempFile("atoll-bench-postgres-cmd-", ".log");
      try {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new PostgresUnavailableException(what + " did not finish within " + COMMAND_TIMEOUT);
        }
        if (process.exitValue() != 0) {
          String text = Files.readString(output, StandardCharsets.UTF_8).strip();
          String tail = text.length() > 400 ? "..." + text.substring(text.length() - 400) : text;
          throw new PostgresUnavailableException(what + " failed (exit " + process.exitValue() + "): " + tail.replace('\n', ' '));
        }
      } finally {
        Files.deleteIfExists(output);
      }
    } catch (IOException e) {
      throw new PostgresUnavailableException(what + " could not run: " + e.getMessage());
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void deleteQuietly(Path directory) {
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: a temp directory left behind
    }
  }
}
