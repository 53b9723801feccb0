package dev.atoll.framework;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ShardFunctionTest {

  @Test
  void shardIsTheFloorModOfTheMurmur3HashOfTheUtf8Id() {
    // murmur3_32("abc", seed 0) = 0xb3dd93fa, a published vector; as a signed int it is negative,
    // so floorMod (not %) must keep the shard in range.
    assertThat(ShardFunction.hash("abc")).isEqualTo(0xb3dd93fa);
    int expected = Math.floorMod(0xb3dd93fa, 100);
    assertThat(ShardFunction.of(100).shardOf("abc")).isEqualTo(expected).isBetween(0, 99);
  }

  @Test
  void everyShardIsInRange() {
    ShardFunction shards = ShardFunction.of(7);
    for (int i = 0; i < 10_000; i++) {
      assertThat(shards.shardOf("entity-" + i)).isBetween(0, 6);
    }
  }

  @Test
  void hashesNonAsciiIdsByTheirUtf8Bytes() {
    assertThat(ShardFunction.hash("é"))
        .isEqualTo(dev.atoll.framework.internal.MurmurHash3.hash32(new byte[] {(byte) 0xc3, (byte) 0xa9}, 0));
  }

  @Test
  void rejectsANonPositiveNumberOfShards() {
    assertThatThrownBy(() -> ShardFunction.of(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be > 0");
  }

  @Test
  void givesTheSameShardsInAnotherJvm() throws Exception {
    List<String> ids = PrintShards.ids(200);
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command =
        List.of(java, "-cp", System.getProperty("java.class.path"), PrintShards.class.getName(), "1000", "200");
    Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      List<String> lines = new ArrayList<>();
      try (BufferedReader out =
          new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          lines.add(line);
        }
      }
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
      List<String> expected = new ArrayList<>();
      for (String id : ids) {
        expected.add(String.valueOf(ShardFunction.of(1000).shardOf(id)));
      }
      assertThat(lines).isEqualTo(expected);
    } finally {
      child.destroyForcibly();
    }
  }

  /** Run in a child JVM: prints the shard of each of the first {@code args[1]} test ids. */
  public static final class PrintShards {
    public static void main(String[] args) {
      ShardFunction shards = ShardFunction.of(Integer.parseInt(args[0]));
      for (String id : ids(Integer.parseInt(args[1]))) {
        System.out.println(shards.shardOf(id));
      }
    }

    /** Ids with ASCII and non-ASCII characters, generated (not passed) so the locale cannot mangle them. */
    static List<String> ids(int count) {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        ids.add("account-" + i + "-\u00e9\u4e2d");
      }
      return ids;
    }
  }
}
