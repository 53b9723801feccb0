package dev.atoll.samples.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fault schedule is a function of the seed, and every kind comes about equally often. */
class FaultPlanTest {

  private static final List<FaultKind> ALL = List.of(FaultKind.values());
  private static final FaultPlan.Timing TIMING = FaultPlan.Timing.holding(Duration.ofMillis(500), Duration.ofSeconds(3));

  private static List<FaultPlan.Step> steps(long seed, int count) {
    FaultPlan plan = new FaultPlan(seed, ALL, TIMING);
    List<FaultPlan.Step> steps = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      steps.add(plan.next());
    }
    return steps;
  }

  @Test
  void theSameSeedGivesTheSameFaultsAndAnotherSeedOthers() {
    assertThat(steps(42, 50)).isEqualTo(steps(42, 50));
    assertThat(steps(42, 50)).isNotEqualTo(steps(43, 50));
  }

  @Test
  void everyRoundHoldsEveryKindOnce() {
    List<FaultPlan.Step> steps = steps(7, ALL.size() * 4);
    for (int round = 0; round < 4; round++) {
      EnumSet<FaultKind> kinds = EnumSet.noneOf(FaultKind.class);
      steps.subList(round * ALL.size(), (round + 1) * ALL.size()).forEach(s -> kinds.add(s.kind()));
      assertThat(kinds).containsExactlyInAnyOrderElementsOf(ALL);
    }
  }

  @Test
  void holdsStayInTheirRangeAndKillsAndLeavesAreInstant() {
    for (FaultPlan.Step step : steps(11, 200)) {
      if (step.kind() == FaultKind.KILL || step.kind() == FaultKind.LEAVE) {
        assertThat(step.hold()).isZero();
      } else {
        assertThat(step.hold()).isBetween(Duration.ofMillis(500), Duration.ofSeconds(3));
      }
      assertThat(step.gapBefore()).isBetween(Duration.ofMillis(500), Duration.ofSeconds(3));
    }
  }

  @Test
  void faultNamesAreParsedAndAnUnknownOneIsRefusedNamingTheKnownOnes() {
    assertThat(FaultKind.parseList("kill, pause,kill")).containsExactly(FaultKind.KILL, FaultKind.PAUSE);
    assertThatThrownBy(() -> FaultKind.parseList("kill,flood"))
        .hasMessageContaining("unknown fault 'flood'").hasMessageContaining("kill,pause,partition,disk,leave");
  }
}
