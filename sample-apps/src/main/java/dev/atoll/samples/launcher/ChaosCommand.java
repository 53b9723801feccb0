package dev.atoll.samples.launcher;

import dev.atoll.samples.chaos.ChaosRun;
import dev.atoll.samples.chaos.ChaosSettings;
import dev.atoll.samples.chaos.FaultKind;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code atoll chaos}: a seeded, replayable soak of a local ledger cluster under faults, judged by
 * the chaos checker. Prints its seed first, progress meanwhile and its verdict last; exits 0 when
 * every invariant held and the cluster recovered from every fault, 1 otherwise.
 */
@Command(
    name = "chaos",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a local ledger cluster under seeded faults and checks that nothing acknowledged is lost.",
      "Needs root for partition (iptables) and disk (tmpfs) faults; without it those are skipped, and said so."})
final class ChaosCommand implements Callable<Integer> {

  @Option(names = "--nodes", paramLabel = "N", description = "Node JVMs, 3 to 9. Default: 3.")
  private int nodes = 3;

  @Option(names = "--duration", paramLabel = "TIME", description = "How long to inject faults: 90s, 10m, 1h. Default: 2m.")
  private String duration = "2m";

  @Option(names = "--seed", paramLabel = "S", description = "Seed of the fault schedule and the clients. Default: random (printed).")
  private Long seed;

  @Option(names = "--faults", paramLabel = "LIST",
      description = "Comma-separated fault kinds: kill,pause,partition,disk,leave. Default: all.")
  private String faults = "kill,pause,partition,disk,leave";

  @Option(names = "--min-faults-per-kind", paramLabel = "N",
      description = "Keep injecting after --duration until every kind was injected N times. Default: 0.")
  private int minFaultsPerKind = 0;

  @Option(names = "--max-faulty", paramLabel = "N",
      description = "Nodes under a fault at the same time. Default: 1, all that RF 3 with W 2 tolerates.")
  private int maxFaulty = 1;

  @Option(names = "--clients", paramLabel = "N", description = "Client threads. Default: 6.")
  private int clients = 6;

  @Option(names = "--ledgers", paramLabel = "N", description = "Ledgers the clients write to. Default: 48.")
  private int ledgers = 48;

  @Option(names = "--work-dir", paramLabel = "DIR",
      description = "The run's directory atoll-chaos-<pid> (node logs, data) is made under DIR. Default: the system temp directory.")
  private Path workRoot = Path.of(System.getProperty("java.io.tmpdir"));

  @Option(names = "--tmpfs-size", paramLabel = "SIZE", description = "Size of each node's tmpfs for disk faults. Default: 64m (below the 70 MB RocksDB preallocates for its log, so a full disk makes log writes fail).")
  private String tmpfsSize = "64m";

  @Option(names = "--hold", paramLabel = "MIN-MAX",
      description = "How long a pause, partition or full disk lasts, drawn from MIN to MAX: 1s-5s (default).")
  private String hold = "1s-5s";

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    ChaosSettings settings;
    try {
      settings = new ChaosSettings(nodes, parseDuration(duration), minFaultsPerKind,
          seed != null ? seed : ThreadLocalRandom.current().nextLong(1, 1L << 48), FaultKind.parseList(faults),
          maxFaulty, clients, ledgers, workRoot, tmpfsSize, holdBound(0), holdBound(1));
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("atoll chaos: " + e.getMessage());
      spec.commandLine().usage(spec.commandLine().getErr());
      return AtollLauncher.EXIT_USAGE;
    }
    try (ChaosRun run = new ChaosRun(settings, System.out)) {
      return run.run();
    }
  }

  private Duration holdBound(int index) {
    String[] bounds = hold.split("-");
    if (bounds.length != 2) {
      throw new IllegalArgumentException("--hold " + hold + ": expected MIN-MAX, for example 1s-5s");
    }
    return parseDuration(bounds[index]);
  }

  /** {@code 90s}, {@code 10m}, {@code 1h} or an ISO-8601 duration ({@code PT10M}). */
  static Duration parseDuration(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    try {
      if (t.matches("\\d+(ms|s|m|h)")) {
        long n = Long.parseLong(t.replaceAll("[a-z]+$", ""));
        return switch (t.replaceAll("^\\d+", "")) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          default -> Duration.ofHours(n);
        };
      }
      return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("--duration " + text + ": not a duration (try 90s, 10m or 1h)");
    }
  }
}
