package dev.atoll.samples.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atoll.samples.chaos.NodeProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three node JVMs started with {@code bin/atoll node}; one is SIGKILLed. The two others must see
 * it unreachable, then downed by the split brain resolver and removed, with Atoll's default settings. Prints
 * the measured time from the kill to each of those events.
 */
class NodeCrashIT {

  private static final Duration CLUSTER_FORMED = Duration.ofSeconds(180);
  private static final Duration CRASH_HANDLED = Duration.ofSeconds(60);

  @TempDir Path work;
  private final List<NodeProcess> nodes = new ArrayList<>();

  @AfterEach
  void stopEveryNodeWeStarted() throws InterruptedException {
    for (NodeProcess node : nodes) {
      node.close();
    }
  }

  @Test
  void aKilledNodeIsSeenUnreachableAndThenRemovedByTheOthers() throws Exception {
    Path home = NodeProcess.atollHome();
    Path logs = home.resolve("sample-apps/target/it-logs/node-crash");
    int[] ports = {NodeProcess.freePort(), NodeProcess.freePort(), NodeProcess.freePort()};
    List<String> seeds = new ArrayList<>();
    for (int port : ports) {
      seeds.add("--seed");
      seeds.add("127.0.0.1:" + port);
    }
    for (int i = 0; i < ports.length; i++) {
      List<String> args = new ArrayList<>(List.of("node", "--host", "127.0.0.1", "--port", String.valueOf(ports[i])));
      args.addAll(seeds);
      args.addAll(List.of("--data-dir", work.resolve("node-" + i).toString()));
      nodes.add(NodeProcess.start(home, "node-" + i, logs.resolve("node-" + i + ".log"), args));
    }

    for (NodeProcess node : nodes) {
      node.awaitLine(l -> l.contains("membership: UP") && l.contains("(up=3, unreachable=0)"), CLUSTER_FORMED, "three members up");
    }

    NodeProcess victim = nodes.get(1);
    String victimAddress = "pekko://atoll@127.0.0.1:" + ports[1];
    long killedAt = System.nanoTime();
    victim.kill();
    assertThat(ProcessHandle.of(victim.pid()).map(ProcessHandle::isAlive).orElse(false)).isFalse();

    List<String> report = new ArrayList<>();
    for (NodeProcess survivor : List.of(nodes.get(0), nodes.get(2))) {
      NodeProcess.Line unreachable =
          survivor.awaitLine(l -> l.contains("membership: UNREACHABLE " + victimAddress), CRASH_HANDLED, victimAddress + " unreachable");
      NodeProcess.Line downed =
          survivor.awaitLine(l -> l.contains("membership: DOWNED " + victimAddress), CRASH_HANDLED, victimAddress + " downed");
      NodeProcess.Line removed =
          survivor.awaitLine(l -> l.contains("membership: REMOVED " + victimAddress), CRASH_HANDLED, victimAddress + " removed");
      assertThat(removed.text()).contains("(up=2, unreachable=0)");
      assertThat(survivor.isAlive()).as("%s keeps running", survivor.name()).isTrue();
      report.add(
          String.format(
              "%s saw the kill: unreachable after %.1f s, downed after %.1f s, removed after %.1f s",
              survivor.name(),
              seconds(unreachable.nanoTime() - killedAt),
              seconds(downed.nanoTime() - killedAt),
              seconds(removed.nanoTime() - killedAt)));
    }
    System.out.println("NodeCrashIT (3 JVMs, default settings, SIGKILL " + victimAddress + "):");
    report.forEach(line -> System.out.println("  " + line));
  }

  private static double seconds(long nanos) {
    return nanos / (double) TimeUnit.SECONDS.toNanos(1);
  }
}
