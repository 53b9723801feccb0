package dev.atoll.samples.launcher;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo's invariant over the accounts' final balances and every transfer's outcome: money is
 * neither created nor destroyed (the sum of all balances is what the accounts were opened with),
 * and no transfer is half-applied: each account's balance is its opening balance, minus what every
 * completed transfer took from it, plus what every completed transfer gave it, and failed
 * transfers (whether their debit was refused or refunded) left it as it was. A half-applied
 * transfer (debited, never credited) or one applied twice breaks the per-account equation even
 * where the sum happens to hold.
 */
final class BankInvariant {

  /** The verdict: {@code problems} is empty if and only if the invariant holds. */
  record Verdict(long expectedSum, long actualSum, List<String> problems) {
    boolean holds() {
      return problems.isEmpty();
    }
  }

  private BankInvariant() {}

  /**
   * @param opening each account's opening balance
   * @param actual each account's balance read at the end (an account missing here could not be read)
   * @param outcomes the outcome of every transfer sent
   * @param unfinished transfers without an outcome (each one is a problem)
   */
  static Verdict check(
      Map<String, Long> opening,
      Map<String, Long> actual,
      Collection<TransferDriver.Outcome> outcomes,
      Collection<TransferDriver.Request> unfinished) {
    Map<String, Long> expected = new LinkedHashMap<>(opening);
    for (TransferDriver.Outcome outcome : outcomes) {
      if (outcome.completed()) {
        TransferDriver.Request request = outcome.request();
        expected.merge(request.from(), -request.amount(), Long::sum);
        expected.merge(request.to(), request.amount(), Long::sum);
      }
    }
    List<String> problems = new ArrayList<>();
    long expectedSum = opening.values().stream().mapToLong(Long::longValue).sum();
    long actualSum = actual.values().stream().mapToLong(Long::longValue).sum();
    if (actual.size() < opening.size()) {
      problems.add((opening.size() - actual.size()) + " accounts could not be read");
    } else if (actualSum != expectedSum) {
      problems.add("the sum of all balances is " + actualSum + ", not " + expectedSum);
    }
    for (Map.Entry<String, Long> account : expected.entrySet()) {
      Long balance = actual.get(account.getKey());
      if (balance != null && balance.longValue() != account.getValue()) {
        problems.add("account " + account.getKey() + " has " + balance + ", the outcomes of its transfers say " + account.getValue());
      }
    }
    if (!unfinished.isEmpty()) {
      problems.add(unfinished.size() + " transfers have no outcome, for example " + unfinished.iterator().next());
    }
    return new Verdict(expectedSum, actualSum, problems);
  }
}
