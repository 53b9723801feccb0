package dev.atoll.samples.launcher;

import static org.assertj.core.api.Assertions.assertThat;

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
}
