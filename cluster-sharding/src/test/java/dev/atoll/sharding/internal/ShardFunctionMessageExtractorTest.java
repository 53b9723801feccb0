package dev.atoll.sharding.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atoll.framework.ShardFunction;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.junit.jupiter.api.Test;

class ShardFunctionMessageExtractorTest {

  private final ShardFunctionMessageExtractor<String> extractor =
      new ShardFunctionMessageExtractor<>(ShardFunction.of(64));

  @Test
  void usesTheShardFunctionAsDecimalShardId() {
    for (String id : new String[] {"alice", "bob", "42", "", "ünïcødé"}) {
      assertThat(extractor.shardId(id)).isEqualTo(Integer.toString(ShardFunction.of(64).shardOf(id)));
    }
  }

  @Test
  void unwrapsShardingEnvelopes() {
    ShardingEnvelope<String> envelope = new ShardingEnvelope<>("carol", "hello");

    assertThat(extractor.entityId(envelope)).isEqualTo("carol");
    assertThat(extractor.unwrapMessage(envelope)).isEqualTo("hello");
  }
}
