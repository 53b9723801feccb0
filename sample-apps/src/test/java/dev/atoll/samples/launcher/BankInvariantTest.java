package dev.atoll.samples.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atoll.samples.launcher.TransferDriver.Outcome;
import dev.atoll.samples.launcher.TransferDriver.Request;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BankInvariantTest {

  private static final Map<String, Long> OPENING = Map.of("a", 100L, "b", 100L, "c", 100L);
  private static final Outcome A_TO_B_30 = new Outcome(new Request("t1", "a", "b", 30), "COMPLETED", "");
  private static final Outcome B_TO_C_500 = new Outcome(new Request("t2", "b", "c", 500), "FAILED", "debit rejected: insufficient funds");

  @Test
  void holdsWhenEveryCompletedTransferMovedItsAmountAndFailedOnesMovedNothing() {
    var verdict = BankInvariant.check(OPENING, Map.of("a", 70L, "b", 130L, "c", 100L), List.of(A_TO_B_30, B_TO_C_500), List.of());

    assertThat(verdict.holds()).isTrue();
    assertThat(verdict.actualSum()).isEqualTo(300);
  }

  @Test
  void aHalfAppliedTransferBreaksTheSum() {
    var verdict = BankInvariant.check(OPENING, Map.of("a", 70L, "b", 100L, "c", 100L), List.of(A_TO_B_30), List.of());

    assertThat(verdict.problems()).contains("the sum of all balances is 270, not 300", "account b has 100, the outcomes of its transfers say 130");
  }

  @Test
  void aFailedTransferThatMovedMoneyIsCaughtEvenThoughTheSumHolds() {
    var verdict = BankInvariant.check(OPENING, Map.of("a", 100L, "b", 70L, "c", 130L),
        List.of(new Outcome(new Request("t3", "b", "c", 30), "FAILED", "credit rejected; refunded to 'b'")), List.of());

    assertThat(verdict.holds()).isFalse();
    assertThat(verdict.problems()).containsExactlyInAnyOrder(
        "account b has 70, the outcomes of its transfers say 100", "account c has 130, the outcomes of its transfers say 100");
  }

  @Test
  void aTransferAppliedTwiceIsCaught() {
    var verdict = BankInvariant.check(OPENING, Map.of("a", 40L, "b", 160L, "c", 100L), List.of(A_TO_B_30), List.of());

    assertThat(verdict.problems()).contains("account a has 40, the outcomes of its transfers say 70");
  }

  @Test
  void transfersWithoutAnOutcomeAndUnreadAccountsAreProblems() {
    var verdict = BankInvariant.check(OPENING, Map.of("a", 100L, "b", 100L), List.of(), List.of(new Request("t4", "a", "c", 1)));

    assertThat(verdict.problems()).containsExactly("1 accounts could not be read",
        "1 transfers have no outcome, for example Request[id=t4, from=a, to=c, amount=1]");
  }
}
