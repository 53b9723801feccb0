package dev.atoll.samples.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atoll.samples.chaos.NodeProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/atoll demo}, end to end: three bank node JVMs, random transfers, a SIGKILL and a
 * restart, then the invariant; and afterwards no node it started is left running.
 */
class DemoIT {

  private static final Pattern NODE_PID = Pattern.compile("atoll demo: node-\\d (?:restarted, )?pid (\\d+)");
  private static final Pattern STOPPED = Pattern.compile("atoll demo: stopped every node it started \\(pids \\[([0-9, ]*)\\]\\)");

  @TempDir Path work;
  private NodeProcess demo;
  private final List<Long> nodePids = new ArrayList<>();

  @AfterEach
  void stopEverythingWeStarted() throws InterruptedException {
    if (demo != null) {
      demo.close();
    }
    // Only if the demo failed to stop them: the PIDs it printed are of processes it started for us.
    for (long pid : nodePids) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  void theDemoSurvivesASigkillWithEveryTransferAppliedWholeAndStopsEveryNode() throws Exception {
    int base = freeBlock();
    int httpBase = base + 100;
    demo = NodeProcess.start(NodeProcess.atollHome(), "demo", NodeProcess.atollHome().resolve("sample-apps/target/it-logs/demo/demo.log"),
        List.of("demo", "--base-port", String.valueOf(base), "--http-base-port", String.valueOf(httpBase),
            "--data-root", work.toString(), "--duration", "30", "--accounts", "12", "--clients", "6"));

    // About two minutes on a busy 2-core machine; the deadline is for one that is far busier.
    int exitCode = demo.waitForExit(Duration.ofMinutes(9));
    String output = demo.output();
    Matcher pids = NODE_PID.matcher(output);
    while (pids.find()) {
      nodePids.add(Long.parseLong(pids.group(1)));
    }
    Matcher stopped = STOPPED.matcher(output);
    List<Long> stoppedPids = new ArrayList<>();
    if (stopped.find()) {
      for (String pid : stopped.group(1).split(", ")) {
        stoppedPids.add(Long.parseLong(pid));
      }
    }

    assertThat(exitCode).as("exit code of the demo; its output:\n%s", output).isZero();
    assertThat(output)
        .contains("atoll demo: 3 nodes up")
        .containsPattern("SIGKILL node-2 \\(pid \\d+\\)")
        .containsPattern("node-2 restarted, pid \\d+")
        .containsPattern("throughput: [0-9.]+ transfers/s")
        .containsPattern("SIGKILL of node-2 \\(pid \\d+\\): (no transfer went unanswered|\\d+ transfers affected; .* median [0-9.]+ s, max [0-9.]+ s)")
        .contains("invariant HOLDS")
        .doesNotContain("invariant VIOLATED")
        .doesNotContain("refused by the API");
    assertThat(output).containsPattern("transfers: \\d+ sent, [1-9]\\d* completed");
    assertThat(nodePids).as("three nodes and one restart").hasSize(4);
    assertThat(stoppedPids).as("every node the demo says it started and stopped").containsAll(nodePids);
    nodePids.addAll(stoppedPids);
    for (long pid : stoppedPids) {
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("node pid %d after the demo ended", pid).isFalse();
    }
  }

  /**
   * A base port such that base..base+2, their management ports (+10000) and base+100..+102 are free.
   * All of them stay below 32768, where Linux's ephemeral ports begin: a port in that range that is
   * free now can be taken a moment later as the local end of some outgoing connection (a node's
   * management endpoint once failed to bind so, on 37136).
   */
  static int freeBlock() throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      int base = 20_000 + ThreadLocalRandom.current().nextInt(0, 2_600);
      if (free(base, base + 1, base + 2, base + 10_000, base + 10_001, base + 10_002, base + 100, base + 101, base + 102)) {
        return base;
      }
    }
    throw new IOException("no free block of ports found");
  }

  private static boolean free(int... ports) {
    for (int port : ports) {
      try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        socket.setReuseAddress(true);
      } catch (IOException e) {
        return false;
      }
    }
    return true;
  }
}
