package dev.atoll.samples.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atoll.samples.chaos.NodeProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

/** {@code bin/atoll demo}: one command starts a three-node ledger cluster and stops it again. */
class DemoIT {

  private static final Pattern CHILD = Pattern.compile("atoll demo: node-\\d pid (\\d+)");

  @TempDir Path work;
  private NodeProcess demo;
  private final List<Long> childPids = new ArrayList<>();

  @AfterEach
  void stopEverythingWeStarted() throws InterruptedException {
    if (demo != null) {
      demo.close();
    }
    for (long pid : childPids) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  void oneCommandRunsAThreeNodeLedgerClusterAndCtrlCStopsEveryNode() throws Exception {
    int base = freeBlock();
    int httpBase = base + 100;
    demo = NodeProcess.start(NodeProcess.atollHome(), "demo", NodeProcess.atollHome().resolve("sample-apps/target/it-logs/demo/demo.log"),
        List.of("demo", "--nodes", "3", "--base-port", String.valueOf(base), "--http-base-port", String.valueOf(httpBase),
            "--data-root", work.toString()));
    demo.awaitLine(line -> line.contains("atoll demo: 3 nodes up"), Duration.ofSeconds(180), "the demo cluster to form");
    Matcher pids = CHILD.matcher(demo.output());
    while (pids.find()) {
      childPids.add(Long.parseLong(pids.group(1)));
    }
    assertThat(childPids).hasSize(3);

    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> appended = http.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + httpBase + "/ledger/alice?value=first")).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(appended.statusCode()).isEqualTo(200);
    HttpResponse<String> read = http.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + (httpBase + 2) + "/ledger/alice")).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(read.body()).contains("\"first\"");

    assertThat(demo.terminate(Duration.ofSeconds(60))).as("the demo's exit code after SIGTERM").isNotNegative();
    for (long pid : childPids) {
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("node pid %d after the demo stopped", pid).isFalse();
    }
  }

  /** A base port such that base..base+2, their management ports (+10000) and base+100..+102 are free. */
  private static int freeBlock() throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      int base = 20_000 + ThreadLocalRandom.current().nextInt(0, 9_000);
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
