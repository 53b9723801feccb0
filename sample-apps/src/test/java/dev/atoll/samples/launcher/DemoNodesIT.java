package dev.atoll.samples.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's three node JVMs form their cluster even when node-0, the node every other node's
 * seed list starts with, exits before any cluster exists and is started again. (It once was
 * started again with the others first in its seed list: then no node headed its own list, none
 * could form the cluster, and the demo waited until its timeout.)
 */
class DemoNodesIT {

  @TempDir Path work;

  @Test
  void node0StartedAgainBeforeTheClusterFormedStillFormsIt() throws Exception {
    int base = DemoIT.freeBlock();
    List<String> said = new CopyOnWriteArrayList<>();
    try (DemoNodes nodes = new DemoNodes("bank", 3, base, base + 100, work)) {
      try (ServerSocket takenManagementPort = new ServerSocket(base + 10_000, 1, InetAddress.getLoopbackAddress())) {
        // node-0 cannot bind its management endpoint and refuses to start, before any cluster exists
        nodes.start(0);
        ProcessHandle.of(nodes.pid(0)).orElseThrow().onExit().get(2, TimeUnit.MINUTES);
      }
      nodes.start(1);
      nodes.start(2);

      nodes.awaitAllUp(Duration.ofMinutes(2), said::add);

      assertThat(said).anyMatch(line -> line.startsWith("node-0 exited with code 2 before the cluster formed"));
      for (int i = 0; i < 3; i++) {
        assertThat(nodes.membersUpSeenBy(i)).as("members node-%d sees Up", i).isEqualTo(3);
      }
    }
  }
}
