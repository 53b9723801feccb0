package dev.atoll.samples.bank;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atoll.samples.bank.Transfer.Command;
import dev.atoll.samples.bank.Transfer.CreditRejected;
import dev.atoll.samples.bank.Transfer.DebitRejected;
import dev.atoll.samples.bank.Transfer.GetStatus;
import dev.atoll.samples.bank.Transfer.Phase;
import dev.atoll.samples.bank.Transfer.Requested;
import dev.atoll.samples.bank.Transfer.SourceDebited;
import dev.atoll.samples.bank.Transfer.SourceRefunded;
import dev.atoll.samples.bank.Transfer.Start;
import dev.atoll.samples.bank.Transfer.State;
import dev.atoll.samples.bank.Transfer.Status;
import dev.atoll.samples.bank.Transfer.StepAnswered;
import dev.atoll.samples.bank.Transfer.TargetCredited;
import dev.atoll.sharding.EntityContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The transfer saga against real {@link Account} actors (money moves, or does not, exactly once) and
 * against probes standing in for accounts (what is sent when: retries, resumption after a restart).
 */
@ExtendWith(TestKitJUnit5Extension.class)
@ExtendWith(LogCapturingExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TransferTest {

  private static final Duration STEP_TIMEOUT = Duration.ofMillis(500);

  @JUnit5TestKit
  ActorTestKit testKit = new JUnit5TestKitBuilder()
      .withCustomConfig(EventSourcedBehaviorTestKit.config().withFallback(PersistenceTestKitSnapshotPlugin.config()))
      .build();

  private final List<EventSourcedBehaviorTestKit<?, ?, ?>> kits = new ArrayList<>();
  private final Map<String, RecipientRef<Account.Command>> accounts = new HashMap<>();

  @AfterEach
  void clearJournal() {
    kits.forEach(EventSourcedBehaviorTestKit::clear);
    kits.clear();
    accounts.clear();
  }

  private EventSourcedBehaviorTestKit<Command, Transfer.Event, State> transfer(String id) {
    EntityContext<Command> context = new EntityContext<>(
        Transfer.ENTITY_TYPE_KEY, id, 0, PersistenceId.of(Transfer.TYPE_NAME, id, "|"), RetentionCriteria.disabled());
    EventSourcedBehaviorTestKit<Command, Transfer.Event, State> kit =
        EventSourcedBehaviorTestKit.create(testKit.system(), Transfer.create(context, accounts::get, STEP_TIMEOUT));
    kits.add(kit);
    return kit;
  }

  /** A real account actor, opened with {@code balance} unless negative. */
  private ActorRef<Account.Command> account(String id, long balance) {
    EntityContext<Account.Command> context = new EntityContext<>(
        Account.ENTITY_TYPE_KEY, id, 0, PersistenceId.of(Account.TYPE_NAME, id, "|"), RetentionCriteria.disabled());
    ActorRef<Account.Command> account = testKit.spawn(Account.create(context));
    accounts.put(id, account);
    if (balance >= 0) {
      TestProbe<StatusReply<Long>> opened = testKit.createTestProbe();
      account.tell(new Account.Open(balance, opened.ref()));
      assertThat(opened.receiveMessage()).isEqualTo(StatusReply.success(balance));
    }
    return account;
  }

  private long balanceOf(String id) {
    TestProbe<StatusReply<Long>> probe = testKit.createTestProbe();
    accounts.get(id).tell(new Account.GetBalance(probe.ref()));
    return probe.receiveMessage().getValue();
  }

  private TestProbe<Account.Command> probeAccount(String id) {
    TestProbe<Account.Command> probe = testKit.createTestProbe();
    accounts.put(id, probe.ref());
    return probe;
  }

  private static Status outcome(TestProbe<StatusReply<Status>> client) {
    StatusReply<Status> reply = client.receiveMessage(Duration.ofSeconds(10));
    assertThat(reply.isSuccess()).as("reply %s", reply).isTrue();
    return reply.getValue();
  }

  @Test
  void movesTheAmountAndAnswersOnceCompleted() {
    account("alice-1", 100);
    account("bob-1", 10);
    var transfer = transfer("t-1");
    TestProbe<StatusReply<Status>> client = testKit.createTestProbe();

    transfer.runCommand(new Start("alice-1", "bob-1", 30, client.ref()));

    assertThat(outcome(client)).isEqualTo(new Status("t-1", Phase.COMPLETED, "alice-1", "bob-1", 30, ""));
    assertThat(balanceOf("alice-1")).isEqualTo(70);
    assertThat(balanceOf("bob-1")).isEqualTo(40);
    transfer.persistenceTestKit().expectNextPersisted("Transfer|t-1", new Requested("alice-1", "bob-1", 30));
    transfer.persistenceTestKit().expectNextPersisted("Transfer|t-1", new SourceDebited());
    transfer.persistenceTestKit().expectNextPersisted("Transfer|t-1", new TargetCredited());
  }

  @Test
  void aRetriedStartAnswersWithTheSameOutcomeAndNeverMovesMoneyTwice() {
    account("alice-2", 100);
    account("bob-2", 0);
    var transfer = transfer("t-2");
    TestProbe<StatusReply<Status>> client = testKit.createTestProbe();
    transfer.runCommand(new Start("alice-2", "bob-2", 60, client.ref()));
    Status first = outcome(client);

    transfer.runCommand(new Start("alice-2", "bob-2", 60, client.ref()));
    transfer.restart();
    transfer.runCommand(new Start("alice-2", "bob-2", 60, client.ref()));

    assertThat(outcome(client)).isEqualTo(first);
    assertThat(outcome(client)).isEqualTo(first);
    assertThat(balanceOf("alice-2")).isEqualTo(40);
    assertThat(balanceOf("bob-2")).isEqualTo(60);
  }

  @Test
  void refusesToReuseATransferIdForAnotherRequest() {
    account("alice-3", 100);
    account("bob-3", 0);
    var transfer = transfer("t-3");
    TestProbe<StatusReply<Status>> client = testKit.createTestProbe();
    transfer.runCommand(new Start("alice-3", "bob-3", 10, client.ref()));
    outcome(client);

    transfer.runCommand(new Start("alice-3", "bob-3", 11, client.ref()));

    assertThat(client.receiveMessage().getError().getMessage())
        .isEqualTo("conflict: transfer t-3 is 10 from 'alice-3' to 'bob-3', not 11 from 'alice-3' to 'bob-3'");
    assertThat(balanceOf("alice-3")).isEqualTo(90);
  }

  @Test
  void failsWithoutMovingMoneyWhenTheDebitWouldOverdraw() {
    account("alice-4", 20);
    account("bob-4", 5);
    var transfer = transfer("t-4");
    TestProbe<StatusReply<Status>> client = testKit.createTestProbe();

    transfer.runCommand(new Start("alice-4", "bob-4", 21, client.ref()));

    Status failed = outcome(client);
    assertThat(failed.phase()).isEqualTo(Phase.FAILED);
    assertThat(failed.reason()).isEqualTo("debit rejected: insufficient funds: account 'alice-4' has balance 20, withdrawal of 21 refused");
    assertThat(balanceOf("alice-4")).isEqualTo(20);
    assertThat(balanceOf("bob-4")).isEqualTo(5);
    transfer.persistenceTestKit().expectNextPersisted("Transfer|t-4", new Requested("alice-4", "bob-4", 21));
    assertThat(transfer.persistenceTestKit().expectNextPersistedClass("Transfer|t-4", DebitRejected.class)).isNotNull();
  }

  @Test
  void refundsTheSourceWhenTheCreditIsRejected() {
    account("alice-5", 50);
    account("nobody-5", -1);
    var transfer = transfer("t-5");
    TestProbe<StatusReply<Status>> client = testKit.createTestProbe();

    transfer.runCommand(new Start("alice-5", "nobody-5", 30, client.ref()));

    Status failed = outcome(client);
    assertThat(failed.phase()).isEqualTo(Phase.FAILED);
    assertThat(failed.reason())
        .isEqualTo("credit rejected: unknown account: 'nobody-5' was never opened; refunded to 'alice-5'");
    assertThat(balanceOf("alice-5")).isEqualTo(50);
    var journal = transfer.persistenceTestKit();
    journal.expectNextPersisted("Transfer|t-5", new Requested("alice-5", "nobody-5", 30));
    journal.expectNextPersisted("Transfer|t-5", new SourceDebited());
    assertThat(journal.expectNextPersistedClass("Transfer|t-5", CreditRejected.class)).isNotNull();
    journal.expectNextPersisted("Transfer|t-5", new SourceRefunded());
  }

  @Test
  void resendsAStepThatGotNoAnswerWithTheSameOperationId() {
    TestProbe<Account.Command> alice = probeAccount("alice-6");
    probeAccount("bob-6");
    var transfer = transfer("t-6");
    TestProbe<StatusReply<Status>> client = testKit.createTestProbe();

    transfer.runCommand(new Start("alice-6", "bob-6", 5, client.ref()));
    Account.Withdraw first = alice.expectMessageClass(Account.Withdraw.class);
    Account.Withdraw resent = alice.expectMessageClass(Account.Withdraw.class, STEP_TIMEOUT.multipliedBy(6));
    resent.replyTo().tell(StatusReply.success(0L));

    assertThat(resent.operationId()).isEqualTo(first.operationId()).isEqualTo("t-6/debit");
    assertThat(resent.amount()).isEqualTo(5);
    transfer.persistenceTestKit().expectNextPersisted("Transfer|t-6", new Requested("alice-6", "bob-6", 5));
    transfer.persistenceTestKit().expectNextPersisted("Transfer|t-6", new SourceDebited());
  }

  @Test
  void resumesFromItsLastPersistedStepAfterARestart() {
    TestProbe<Account.Command> alice = probeAccount("alice-7");
    TestProbe<Account.Command> bob = probeAccount("bob-7");
    var transfer = transfer("t-7");
    TestProbe<StatusReply<Status>> client = testKit.createTestProbe();
    transfer.runCommand(new Start("alice-7", "bob-7", 8, client.ref()));
    alice.expectMessageClass(Account.Withdraw.class).replyTo().tell(StatusReply.success(92L));
    Account.Deposit credit = bob.expectMessageClass(Account.Deposit.class);

    transfer.restart(); // the node crashed before bob answered
    Account.Deposit resumed = bob.expectMessageClass(Account.Deposit.class);
    resumed.replyTo().tell(StatusReply.success(8L));

    assertThat(resumed.operationId()).isEqualTo(credit.operationId()).isEqualTo("t-7/credit");
    alice.expectNoMessage(Duration.ofMillis(200)); // the debit, persisted before the crash, is not resent
    assertThat(awaitPhase(transfer, Phase.COMPLETED).phase()).isEqualTo(Phase.COMPLETED);
  }

  @Test
  void resumesACompensationAfterARestart() {
    TestProbe<Account.Command> alice = probeAccount("alice-8");
    TestProbe<Account.Command> bob = probeAccount("bob-8");
    var transfer = transfer("t-8");
    TestProbe<StatusReply<Status>> client = testKit.createTestProbe();
    transfer.runCommand(new Start("alice-8", "bob-8", 8, client.ref()));
    alice.expectMessageClass(Account.Withdraw.class).replyTo().tell(StatusReply.success(92L));
    bob.expectMessageClass(Account.Deposit.class).replyTo().tell(StatusReply.error("unknown account: 'bob-8' was never opened"));
    Account.Deposit refund = alice.expectMessageClass(Account.Deposit.class);

    transfer.restart();
    Account.Deposit resumed = alice.expectMessageClass(Account.Deposit.class);
    resumed.replyTo().tell(StatusReply.success(100L));

    assertThat(resumed.operationId()).isEqualTo(refund.operationId()).isEqualTo("t-8/refund");
    assertThat(resumed.amount()).isEqualTo(8);
    assertThat(awaitPhase(transfer, Phase.FAILED).reason()).endsWith("refunded to 'alice-8'");
    bob.expectNoMessage(Duration.ofMillis(200));
  }

  @Test
  void answersStatusAndRefusesAnUnknownTransfer() {
    account("alice-9", 10);
    account("bob-9", 0);
    var transfer = transfer("t-9");

    var unknown = transfer.<StatusReply<Status>>runCommand(GetStatus::new);
    TestProbe<StatusReply<Status>> client = testKit.createTestProbe();
    transfer.runCommand(new Start("alice-9", "bob-9", 10, client.ref()));
    outcome(client);
    var known = transfer.<StatusReply<Status>>runCommand(GetStatus::new);

    assertThat(unknown.reply().getError().getMessage()).isEqualTo("unknown transfer: 't-9' was never started");
    assertThat(known.reply().getValue().phase()).isEqualTo(Phase.COMPLETED);
  }

  @Test
  void refusesInvalidRequestsWithoutPersistingAnything() {
    var transfer = transfer("t-10");

    var zero = transfer.<StatusReply<Status>>runCommand(replyTo -> new Start("a", "b", 0, replyTo));
    var self = transfer.<StatusReply<Status>>runCommand(replyTo -> new Start("a", "a", 5, replyTo));

    assertThat(zero.hasNoEvents()).isTrue();
    assertThat(zero.reply().getError().getMessage()).isEqualTo("invalid amount: transfer t-10 of 0 must be > 0");
    assertThat(self.reply().getError().getMessage()).isEqualTo("invalid accounts: transfer t-10 from 'a' to itself");
  }

  @Test
  void serializesEveryCommandEventAndStateWithCbor() {
    ActorRef<StatusReply<Status>> replyTo = testKit.<StatusReply<Status>>createTestProbe().ref();
    var serialization = testKit.serializationTestKit();
    List<Object> messages = List.of(
        new Start("a", "b", 5, replyTo), new GetStatus(replyTo),
        new StepAnswered(Transfer.Step.CREDIT, Transfer.Answer.REJECTED, "why"),
        new Requested("a", "b", 5), new SourceDebited(), new DebitRejected("why"), new TargetCredited(),
        new CreditRejected("why"), new SourceRefunded(),
        new State("a", "b", 5, Phase.COMPENSATING, "credit rejected: why"),
        new Status("t", Phase.COMPLETED, "a", "b", 5, ""),
        StatusReply.success(new Status("t", Phase.FAILED, "a", "b", 5, "why")));
    for (Object message : messages) {
      assertThat(serialization.verifySerialization(message, true)).isEqualTo(message);
    }
  }

  private State awaitPhase(EventSourcedBehaviorTestKit<Command, Transfer.Event, State> transfer, Phase phase) {
    return testKit.createTestProbe().awaitAssert(Duration.ofSeconds(10), () -> {
      State state = transfer.getState();
      assertThat(state.phase()).isEqualTo(phase);
      return state;
    });
  }
}
