package dev.atoll.samples.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atoll.samples.chaos.NodeProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/atoll} as a user runs it: help, and refusal of bad configuration with exit code 2. */
class LauncherIT {

  @TempDir Path work;

  private NodeProcess run(String name, List<String> args) throws Exception {
    Path home = NodeProcess.atollHome();
    return NodeProcess.start(home, name, home.resolve("sample-apps/target/it-logs/launcher/" + name + ".log"), args);
  }

  @Test
  void helpListsTheNodeCommandAndEveryOptionOfIt() throws Exception {
    try (NodeProcess help = run("help", List.of("--help"))) {
      assertThat(help.waitForExit(Duration.ofSeconds(60))).isZero();
      assertThat(help.output()).contains("Usage: atoll").contains("node").contains("Starts one Atoll node");
    }
    try (NodeProcess help = run("node-help", List.of("node", "--help"))) {
      assertThat(help.waitForExit(Duration.ofSeconds(60))).isZero();
      assertThat(help.output()).contains("--host", "--port", "--seed", "--data-dir", "--config", "--role");
    }
  }

  @Test
  void aBadPortIsRefusedWithTheKeyAndExitCode2() throws Exception {
    try (NodeProcess node = run("bad-port", List.of("node", "--port", "70000", "--data-dir", work.toString()))) {
      assertThat(node.waitForExit(Duration.ofSeconds(60))).isEqualTo(2);
      assertThat(node.output()).contains("atoll.node.port = 70000").contains("must be between 0 and 65535");
    }
  }

  @Test
  void anUnknownDowningStrategyInTheConfigFileIsRefusedNamingTheFile() throws Exception {
    Path config = Files.writeString(work.resolve("node.conf"), "atoll.cluster.downing.strategy = keep-all\n");
    try (NodeProcess node =
        run("bad-downing", List.of("node", "--port", "0", "--config", config.toString(), "--data-dir", work.toString()))) {
      assertThat(node.waitForExit(Duration.ofSeconds(60))).isEqualTo(2);
      assertThat(node.output())
          .contains("atoll.cluster.downing.strategy = \"keep-all\"")
          .contains("node.conf")
          .contains("keep-majority");
    }
  }

  @Test
  void chaosRefusesAnUnknownFaultWithExitCode2NamingTheKnownOnes() throws Exception {
    try (NodeProcess chaos = run("chaos-bad-fault", List.of("chaos", "--faults", "kill,flood", "--work-dir", work.toString()))) {
      assertThat(chaos.waitForExit(Duration.ofSeconds(60))).isEqualTo(2);
      assertThat(chaos.output()).contains("unknown fault 'flood'").contains("kill,pause,partition,disk,leave");
    }
  }

  @Test
  void aSecondNodeOnADataDirectoryInUseRefusesToStartNamingIt() throws Exception {
    Path dataDir = work.resolve("shared-data");
    int first = NodeProcess.freePort();
    try (NodeProcess owner =
        run("data-dir-owner", List.of("node", "--port", String.valueOf(first), "--seed", "127.0.0.1:" + first, "--data-dir", dataDir.toString()))) {
      owner.awaitLine(l -> l.contains("atoll: node") && l.contains("started"), Duration.ofSeconds(120), "the first node started");
      try (NodeProcess intruder =
          run("data-dir-intruder", List.of("node", "--port", String.valueOf(NodeProcess.freePort()), "--data-dir", dataDir.toString()))) {
        assertThat(intruder.waitForExit(Duration.ofSeconds(120))).isEqualTo(1);
        assertThat(intruder.output()).contains("already locked").contains(dataDir.toString());
      }
      assertThat(owner.isAlive()).isTrue();
    }
  }
}
