package dev.atoll.failover.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atoll.failover.ShardConfig;
import dev.atoll.journal.spi.Epoch;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class RecentFailoversTest {

  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

  private static ShardConfig config(long counter, String primary, String... backups) {
    List<String> replicas = new java.util.ArrayList<>(List.of(primary));
    replicas.addAll(List.of(backups));
    return new ShardConfig(new Epoch(counter, primary), primary, replicas);
  }

  @Test
  void keepsAShardWhosePrimaryChangedNewestFirst() {
    RecentFailovers recent = new RecentFailovers(10);
    recent.established(1, config(1, "a:1", "b:1"), config(2, "b:1", "c:1"), false, OptionalLong.empty(), T);
    recent.established(2, config(1, "a:1", "c:1"), config(2, "c:1", "b:1"), true, OptionalLong.of(40), T.plusSeconds(1));

    assertThat(recent.newestFirst()).extracting(RecentFailovers.Failover::shard).containsExactly(2, 1);
    RecentFailovers.Failover latest = recent.newestFirst().get(0);
    assertThat(latest.previousPrimary()).isEqualTo("a:1");
    assertThat(latest.primary()).isEqualTo("c:1");
    assertThat(latest.epoch()).isEqualTo(new Epoch(2, "c:1").toString());
    assertThat(latest.establishingMillis()).hasValue(40);
    assertThat(latest.planned()).isTrue();
    assertThat(recent.newestFirst().get(1).planned()).isFalse();
  }

  @Test
  void ignoresAFirstEpochAndANewEpochWithTheSamePrimary() {
    RecentFailovers recent = new RecentFailovers(10);
    recent.established(1, ShardConfig.none(), config(1, "a:1", "b:1"), false, OptionalLong.of(5), T);
    recent.established(1, config(1, "a:1", "b:1"), config(2, "a:1", "c:1"), false, OptionalLong.of(5), T);

    assertThat(recent.newestFirst()).isEmpty();
  }

  @Test
  void mergesTheNewPrimarysMeasurementIntoTheFailoverItAlreadyRecorded() {
    RecentFailovers recent = new RecentFailovers(10);
    ShardConfig before = config(1, "a:1", "b:1");
    ShardConfig after = config(2, "b:1", "c:1");
    recent.established(7, before, after, false, OptionalLong.empty(), T);
    recent.established(7, before, after, false, OptionalLong.of(120), T.plusSeconds(1));
    recent.established(7, before, after, false, OptionalLong.empty(), T.plusSeconds(2));

    assertThat(recent.newestFirst()).singleElement().satisfies(f -> {
      assertThat(f.establishingMillis()).hasValue(120);
      assertThat(f.at()).isEqualTo(T);
    });
  }

  @Test
  void dropsTheOldestBeyondItsCapacity() {
    RecentFailovers recent = new RecentFailovers(3);
    for (int shard = 0; shard < 5; shard++) {
      recent.established(shard, config(1, "a:1"), config(2, "b:1"), false, OptionalLong.empty(), T.plusSeconds(shard));
    }
    assertThat(recent.newestFirst()).extracting(RecentFailovers.Failover::shard).containsExactly(4, 3, 2);
  }

  @Test
  void keepsItsCapacityOfEachKindSoMovesDoNotPushFailoversOut() {
    RecentFailovers recent = new RecentFailovers(2);
    recent.established(1, config(1, "a:1"), config(2, "b:1"), false, OptionalLong.empty(), T);
    for (int shard = 10; shard < 15; shard++) {
      recent.established(shard, config(1, "b:1"), config(2, "a:1"), true, OptionalLong.empty(), T.plusSeconds(shard));
    }
    assertThat(recent.newestFirst()).extracting(RecentFailovers.Failover::shard).containsExactly(14, 13, 1);
  }

  @Test
  void needsAPositiveCapacity() {
    assertThatThrownBy(() -> new RecentFailovers(0)).hasMessageContaining("capacity must be positive, was 0");
  }
}
