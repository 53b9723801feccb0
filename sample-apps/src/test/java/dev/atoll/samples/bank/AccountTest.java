package dev.atoll.samples.bank;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atoll.samples.bank.Account.Command;
import dev.atoll.samples.bank.Account.Deposit;
import dev.atoll.samples.bank.Account.Deposited;
import dev.atoll.samples.bank.Account.GetBalance;
import dev.atoll.samples.bank.Account.Open;
import dev.atoll.samples.bank.Account.OpenState;
import dev.atoll.samples.bank.Account.Opened;
import dev.atoll.samples.bank.Account.Rejection;
import dev.atoll.samples.bank.Account.State;
import dev.atoll.samples.bank.Account.Unopened;
import dev.atoll.samples.bank.Account.Withdraw;
import dev.atoll.samples.bank.Account.Operation;
import dev.atoll.samples.bank.Account.WithdrawalRefused;
import dev.atoll.samples.bank.Account.Withdrawn;
import dev.atoll.sharding.EntityContext;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestKitJUnit5Extension.class)
@ExtendWith(LogCapturingExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccountTest {

  @JUnit5TestKit
  ActorTestKit testKit = new JUnit5TestKitBuilder()
      .withCustomConfig(EventSourcedBehaviorTestKit.config().withFallback(PersistenceTestKitSnapshotPlugin.config()))
      .build();

  private final List<EventSourcedBehaviorTestKit<?, ?, ?>> kits = new ArrayList<>();

  private EventSourcedBehaviorTestKit<Command, Account.Event, State> account(String id, RetentionCriteria retention) {
    EntityContext<Command> context =
        new EntityContext<>(Account.ENTITY_TYPE_KEY, id, 0, PersistenceId.of(Account.TYPE_NAME, id, "|"), retention);
    EventSourcedBehaviorTestKit<Command, Account.Event, State> kit = EventSourcedBehaviorTestKit.create(testKit.system(), Account.create(context));
    kits.add(kit);
    return kit;
  }

  private EventSourcedBehaviorTestKit<Command, Account.Event, State> openAccount(String id, long balance) {
    var account = account(id, RetentionCriteria.disabled());
    account.<StatusReply<Long>>runCommand(replyTo -> new Open(balance, replyTo));
    return account;
  }

  @AfterEach
  void clearJournal() {
    kits.forEach(EventSourcedBehaviorTestKit::clear);
    kits.clear();
  }

  @Test
  void opensWithItsInitialBalanceOnce() {
    var account = account("open-1", RetentionCriteria.disabled());

    var open = account.<StatusReply<Long>>runCommand(replyTo -> new Open(100, replyTo));
    var again = account.<StatusReply<Long>>runCommand(replyTo -> new Open(5, replyTo));

    assertThat(open.events()).containsExactly(new Opened(100));
    assertThat(open.reply()).isEqualTo(StatusReply.success(100L));
    assertThat(again.hasNoEvents()).isTrue();
    assertThat(Rejection.of(again.reply().getError().getMessage())).contains(Rejection.ALREADY_OPEN);
    assertThat(account.getState()).isEqualTo(new OpenState(100, List.of()));
  }

  @Test
  void refusesEveryCommandBeforeItIsOpenedNamingTheAccount() {
    var account = account("never-opened", RetentionCriteria.disabled());

    var deposit = account.<StatusReply<Long>>runCommand(replyTo -> new Deposit("op-1", 5, replyTo));
    var balance = account.<StatusReply<Long>>runCommand(GetBalance::new);

    assertThat(deposit.hasNoEvents()).isTrue();
    assertThat(deposit.reply().getError()).hasMessage("unknown account: 'never-opened' was never opened");
    assertThat(Rejection.of(balance.reply().getError().getMessage())).contains(Rejection.UNKNOWN_ACCOUNT);
    assertThat(account.getState()).isEqualTo(new Unopened());
  }

  @Test
  void depositsAndWithdrawalsMoveTheBalance() {
    var account = openAccount("moves", 100);

    var deposit = account.<StatusReply<Long>>runCommand(replyTo -> new Deposit("d-1", 50, replyTo));
    var withdraw = account.<StatusReply<Long>>runCommand(replyTo -> new Withdraw("w-1", 120, replyTo));

    assertThat(deposit.events()).containsExactly(new Deposited("d-1", 50));
    assertThat(withdraw.events()).containsExactly(new Withdrawn("w-1", 120));
    assertThat(withdraw.reply()).isEqualTo(StatusReply.success(30L));
  }

  @Test
  void appliesARetriedOperationOnlyOnce() {
    var account = openAccount("retried", 100);

    account.<StatusReply<Long>>runCommand(replyTo -> new Withdraw("t-1/debit", 40, replyTo));
    var retriedDebit = account.<StatusReply<Long>>runCommand(replyTo -> new Withdraw("t-1/debit", 40, replyTo));
    account.<StatusReply<Long>>runCommand(replyTo -> new Deposit("t-2/credit", 7, replyTo));
    var retriedCredit = account.<StatusReply<Long>>runCommand(replyTo -> new Deposit("t-2/credit", 7, replyTo));

    assertThat(retriedDebit.hasNoEvents()).isTrue();
    assertThat(retriedDebit.reply()).isEqualTo(StatusReply.success(60L));
    assertThat(retriedCredit.hasNoEvents()).isTrue();
    assertThat(retriedCredit.reply()).isEqualTo(StatusReply.success(67L));
  }

  @Test
  void remembersAppliedOperationsAcrossARestart() {
    var account = openAccount("restarted", 100);
    account.<StatusReply<Long>>runCommand(replyTo -> new Withdraw("t-3/debit", 40, replyTo));

    account.restart();
    var retried = account.<StatusReply<Long>>runCommand(replyTo -> new Withdraw("t-3/debit", 40, replyTo));

    assertThat(retried.hasNoEvents()).isTrue();
    assertThat(retried.reply()).isEqualTo(StatusReply.success(60L));
  }

  @Test
  void refusesAnOverdraftWithTheBalanceAndKeepsTheBalance() {
    var account = openAccount("overdraft", 10);

    var withdraw = account.<StatusReply<Long>>runCommand(replyTo -> new Withdraw("w-2", 11, replyTo));

    String refusal = "insufficient funds: account 'overdraft' has balance 10, withdrawal of 11 refused";
    assertThat(withdraw.reply().getError()).hasMessage(refusal);
    assertThat(withdraw.events()).containsExactly(new WithdrawalRefused("w-2", refusal));
    assertThat(account.<StatusReply<Long>>runCommand(GetBalance::new).reply()).isEqualTo(StatusReply.success(10L));
  }

  @Test
  void aCopyOfARefusedWithdrawalIsRefusedAgainEvenAfterTheBalanceGrew() {
    var account = openAccount("late-copy", 10);
    account.<StatusReply<Long>>runCommand(replyTo -> new Withdraw("t-9/debit", 30, replyTo));
    account.<StatusReply<Long>>runCommand(replyTo -> new Deposit("d-9", 100, replyTo));

    account.restart();
    var lateCopy = account.<StatusReply<Long>>runCommand(replyTo -> new Withdraw("t-9/debit", 30, replyTo));

    assertThat(lateCopy.hasNoEvents()).isTrue();
    assertThat(lateCopy.reply().getError())
        .hasMessage("insufficient funds: account 'late-copy' has balance 10, withdrawal of 30 refused");
    assertThat(lateCopy.state()).isEqualTo(new OpenState(110, List.of(
        new Operation("t-9/debit", "insufficient funds: account 'late-copy' has balance 10, withdrawal of 30 refused"),
        new Operation("d-9", ""))));
  }

  @Test
  void refusesNonPositiveAmountsAndANegativeInitialBalance() {
    var account = openAccount("amounts", 10);
    var unopened = account("unopened-amounts", RetentionCriteria.disabled());

    var zero = account.<StatusReply<Long>>runCommand(replyTo -> new Deposit("d-0", 0, replyTo));
    var negative = account.<StatusReply<Long>>runCommand(replyTo -> new Withdraw("w-0", -5, replyTo));
    var open = unopened.<StatusReply<Long>>runCommand(replyTo -> new Open(-1, replyTo));

    assertThat(zero.reply().getError()).hasMessage("invalid amount: deposit of 0 must be > 0");
    assertThat(negative.reply().getError()).hasMessage("invalid amount: withdrawal of -5 must be > 0");
    assertThat(open.reply().getError()).hasMessage("invalid amount: initial balance -1 must be >= 0");
  }

  @Test
  void remembersOnlyTheMostRecentOperations() {
    OpenState state = new OpenState(0, List.of());
    for (int i = 0; i < Account.REMEMBERED_OPERATIONS + 5; i++) {
      state = state.apply("op-" + i, 1);
    }

    assertThat(state.recentOperations()).hasSize(Account.REMEMBERED_OPERATIONS);
    assertThat(state.answered("op-4")).isEmpty();
    assertThat(state.answered("op-5")).contains(new Operation("op-5", ""));
    assertThat(state.answered("op-" + (Account.REMEMBERED_OPERATIONS + 4))).isPresent();
    assertThat(state.balance()).isEqualTo(Account.REMEMBERED_OPERATIONS + 5);
  }

  @Test
  void snapshotsItsBalanceAndRememberedOperations() {
    var account = account("snapshots", RetentionCriteria.snapshotEvery(2, 1));
    account.<StatusReply<Long>>runCommand(replyTo -> new Open(1, replyTo));
    account.<StatusReply<Long>>runCommand(replyTo -> new Deposit("d-9", 2, replyTo));

    account.snapshotTestKit().orElseThrow().expectNextPersisted("Account|snapshots", new OpenState(3, List.of(new Operation("d-9", ""))));
  }

  @Test
  void serializesEveryCommandEventAndStateWithCbor() {
    var replyTo = testKit.<StatusReply<Long>>createTestProbe().ref();
    var serialization = testKit.serializationTestKit();
    List<Object> messages = List.of(
        new Open(5, replyTo), new Deposit("d", 5, replyTo), new Withdraw("w", 3, replyTo), new GetBalance(replyTo),
        new Opened(5), new Deposited("d", 5), new Withdrawn("w", 3), new WithdrawalRefused("w", "insufficient funds: no"), new Unopened(),
        new OpenState(2, List.of(new Operation("d", ""), new Operation("w", "insufficient funds: no"))));
    for (Object message : messages) {
      assertThat(serialization.verifySerialization(message, true)).isEqualTo(message);
    }
    assertThat(org.apache.pekko.serialization.SerializationExtension.get(testKit.system())
        .findSerializerFor(new Deposited("d", 5)).getClass().getSimpleName()).isEqualTo("JacksonCborSerializer");
  }
}
