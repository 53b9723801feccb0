package dev.atoll.failover.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class AntiEntropyRoundTest {

  private static final List<String> BACKUPS = List.of("b:1", "c:1");

  @Test
  void aBackupNotKnownToBeCompleteIsCheckedOnEveryTick() {
    for (long tick = 1; tick <= 2 * AntiEntropyRound.FULL_CHECK_EVERY; tick++) {
      assertThat(AntiEntropyRound.of(tick, BACKUPS, Set.of("c:1"), Set.of()).backups()).as("tick %d", tick).contains("b:1");
    }
  }

  @Test
  void aCompleteBackupIsCheckedOnlyByTheFullCheckOfEveryTenthTick() {
    List<Long> ticksCheckingC = LongStream.rangeClosed(1, 30)
        .filter(tick -> AntiEntropyRound.of(tick, BACKUPS, Set.of("c:1"), Set.of()).backups().contains("c:1"))
        .boxed().toList();

    assertThat(ticksCheckingC).containsExactly(10L, 20L, 30L);
    assertThat(AntiEntropyRound.of(20, BACKUPS, Set.of("c:1"), Set.of()).full()).isTrue();
    assertThat(AntiEntropyRound.of(21, BACKUPS, Set.of("c:1"), Set.of()).full()).isFalse();
  }

  @Test
  void aCompleteBackupFlaggedForARecheckIsCheckedOnTheNextTick() {
    AntiEntropyRound round = AntiEntropyRound.of(3, BACKUPS, Set.of("b:1", "c:1"), Set.of("c:1"));

    assertThat(round.backups()).containsExactly("c:1");
    assertThat(round.full()).as("a recheck compares the logs not receiving live writes, as any tick").isFalse();
  }

  @Test
  void aTickWithEveryBackupCompleteAndNothingFlaggedChecksNothing() {
    assertThat(AntiEntropyRound.of(7, BACKUPS, Set.copyOf(BACKUPS), Set.of()).backups()).isEmpty();
  }
}
