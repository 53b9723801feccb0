package dev.atoll.sharding.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.atoll.sharding.EntityContext;
import dev.atoll.sharding.sample.Account.Command;
import dev.atoll.sharding.sample.Account.Deposit;
import dev.atoll.sharding.sample.Account.Deposited;
import dev.atoll.sharding.sample.Account.GetBalance;
import dev.atoll.sharding.sample.Account.State;
import dev.atoll.sharding.sample.Account.Withdraw;
import dev.atoll.sharding.sample.Account.Withdrawn;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
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
  ActorTestKit testKit =
      new JUnit5TestKitBuilder()
          .withCustomConfig(
              EventSourcedBehaviorTestKit.config().withFallback(PersistenceTestKitSnapshotPlugin.config()))
          .build();

  private EventSourcedBehaviorTestKit<Command, Account.Event, State> account(String id, RetentionCriteria retention) {
    EntityContext<Command> context =
        new EntityContext<>(Account.ENTITY_TYPE_KEY, id, 0, PersistenceId.of("Account", id, "|"), retention);
    return EventSourcedBehaviorTestKit.create(testKit.system(), Account.create(context));
  }

  private final java.util.List<EventSourcedBehaviorTestKit<?, ?, ?>> kits = new java.util.ArrayList<>();

  private EventSourcedBehaviorTestKit<Command, Account.Event, State> account(String id) {
    EventSourcedBehaviorTestKit<Command, Account.Event, State> kit = account(id, RetentionCriteria.disabled());
    kits.add(kit);
    return kit;
  }

  @AfterEach
  void clearJournal() {
    kits.forEach(EventSourcedBehaviorTestKit::clear);
    kits.clear();
  }

  @Test
  void depositsAndWithdrawalsPersistEventsAndReplyWithTheBalance() {
    var account = account("a-1");

    var deposit = account.<StatusReply<Long>>runCommand(replyTo -> new Deposit(100, replyTo));
    var withdraw = account.<StatusReply<Long>>runCommand(replyTo -> new Withdraw(30, replyTo));

    assertThat(deposit.events()).containsExactly(new Deposited(100));
    assertThat(deposit.reply()).isEqualTo(StatusReply.success(100L));
    assertThat(withdraw.events()).containsExactly(new Withdrawn(30));
    assertThat(withdraw.reply()).isEqualTo(StatusReply.success(70L));
    assertThat(withdraw.state()).isEqualTo(new State(70));
  }

  @Test
  void rejectsAnOverdraftAndPersistsNothing() {
    var account = account("a-2");
    account.<StatusReply<Long>>runCommand(replyTo -> new Deposit(10, replyTo));

    var withdraw = account.<StatusReply<Long>>runCommand(replyTo -> new Withdraw(11, replyTo));

    assertThat(withdraw.hasNoEvents()).isTrue();
    assertThat(withdraw.reply().isError()).isTrue();
    assertThat(withdraw.reply().getError()).hasMessageContaining("insufficient funds: balance 10, withdrawal 11");
    assertThat(withdraw.state()).isEqualTo(new State(10));
  }

  @Test
  void rejectsNonPositiveAmounts() {
    var account = account("a-3");

    assertThat(account.<StatusReply<Long>>runCommand(replyTo -> new Deposit(0, replyTo)).reply().getError())
        .hasMessageContaining("must be > 0");
    assertThat(account.<StatusReply<Long>>runCommand(replyTo -> new Withdraw(-5, replyTo)).reply().getError())
        .hasMessageContaining("must be > 0");
  }

  @Test
  void recoversItsBalanceFromItsEventsAfterARestart() {
    var account = account("a-4");
    account.<StatusReply<Long>>runCommand(replyTo -> new Deposit(50, replyTo));
    account.<StatusReply<Long>>runCommand(replyTo -> new Withdraw(20, replyTo));

    var restarted = account.restart();

    assertThat(restarted.state()).isEqualTo(new State(30));
    assertThat(account.<StatusReply<Long>>runCommand(GetBalance::new).reply()).isEqualTo(StatusReply.success(30L));
  }

  @Test
  void snapshotsAsItsEntityContextsRetentionSays() {
    var account = account("a-5", RetentionCriteria.snapshotEvery(2, 1));
    kits.add(account);
    account.<StatusReply<Long>>runCommand(replyTo -> new Deposit(1, replyTo));
    account.<StatusReply<Long>>runCommand(replyTo -> new Deposit(2, replyTo));

    account.snapshotTestKit().orElseThrow().expectNextPersisted("Account|a-5", new State(3));
  }

  @Test
  void serializesCommandsEventsAndStateWithCbor() {
    var replyTo = testKit.<StatusReply<Long>>createTestProbe().ref();
    var serialization = testKit.serializationTestKit();
    java.util.List<Object> messages =
        java.util.List.of(
            new Deposit(5, replyTo),
            new Withdraw(3, replyTo),
            new GetBalance(replyTo),
            new Deposited(5),
            new Withdrawn(3),
            new State(2),
            new ShardingEnvelope<Command>("a-6", new Deposit(1, replyTo)));
    for (Object message : messages) {
      assertThat(serialization.verifySerialization(message, true)).isEqualTo(message);
    }
    org.apache.pekko.serialization.Serialization pekkoSerialization =
        org.apache.pekko.serialization.SerializationExtension.get(testKit.system());
    assertThat(pekkoSerialization.findSerializerFor(new Deposit(5, replyTo)).getClass().getSimpleName())
        .isEqualTo("JacksonCborSerializer");
  }
}
