package dev.atoll.sharding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atoll.framework.AtollNode;
import dev.atoll.framework.ShardFunction;
import dev.atoll.sharding.sample.Account;
import dev.atoll.sharding.sample.Locator;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** The entity API on a one-node cluster. */
@ExtendWith(LogCapturingExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EntitiesTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(15);

  private AtollNode node;
  private ActorSystem<?> system;
  private Entities entities;

  @BeforeAll
  void startNode() {
    node = ClusterNodes.start("");
    node.join(node.selfAddress());
    node.awaitUp(Duration.ofSeconds(30));
    system = node.system();
    entities = Entities.get(system);
  }

  @AfterAll
  void stopNode() {
    ClusterNodes.terminate(node);
  }

  /** A probe entity: reports the context it was created with and when it stops. */
  private record Ping(org.apache.pekko.actor.typed.ActorRef<String> replyTo)
      implements dev.atoll.framework.AtollSerializable {}

  @Test
  void givesTheFactoryTheEntityIdShardPersistenceIdAndRetentionOfTheSpec() throws Exception {
    Queue<EntityContext<Ping>> contexts = new ConcurrentLinkedQueue<>();
    entities.init(
        EntitySpec.of(
                "Context",
                Ping.class,
                ctx -> {
                  contexts.add(ctx);
                  return Behaviors.receiveMessage(
                      ping -> {
                        ping.replyTo().tell(ctx.entityId());
                        return Behaviors.same();
                      });
                })
            .withSnapshotEvery(5, 2));

    String reply =
        entities.<Ping>entityRefFor("Context", "order-17")
            .ask(Ping::new, TIMEOUT)
            .toCompletableFuture()
            .get(20, TimeUnit.SECONDS);

    assertThat(reply).isEqualTo("order-17");
    EntityContext<Ping> ctx = contexts.peek();
    assertThat(ctx.entityId()).isEqualTo("order-17");
    assertThat(ctx.typeName()).isEqualTo("Context");
    assertThat(ctx.persistenceId().id()).isEqualTo("Context|order-17");
    assertThat(ctx.shard()).isEqualTo(ShardFunction.of(32).shardOf("order-17")).isEqualTo(entities.shardOf("order-17"));
    assertThat(ctx.retentionCriteria()).isEqualTo(RetentionCriteria.snapshotEvery(5, 2));
  }

  @Test
  void asksAnEntityAtOnceWhileItsNodeIsReachableAndNamesAnUnknownType() throws Exception {
    entities.init(
        EntitySpec.of(
            "Echo",
            Ping.class,
            ctx -> Behaviors.receiveMessage(ping -> {
              ping.replyTo().tell("echo " + ctx.entityId());
              return Behaviors.same();
            })));

    String reply = entities.<Ping, String>ask("Echo", "e-1", Ping::new, TIMEOUT).toCompletableFuture().get(20, TimeUnit.SECONDS);

    assertThat(reply).isEqualTo("echo e-1");
    assertThatThrownBy(() -> entities.<Ping, String>ask("NoSuchType", "e-1", Ping::new, TIMEOUT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NoSuchType");
  }

  @Test
  void asksWithStatusForTheReplysValueOrItsError() throws Exception {
    entities.init(Account.spec());

    Long balance = entities.<Account.Command, Long>askWithStatus("Account", "bob", replyTo -> new Account.Deposit(7, replyTo), TIMEOUT)
        .toCompletableFuture().get(20, TimeUnit.SECONDS);

    assertThat(balance).isEqualTo(7L);
    assertThat(entities.<Account.Command, Long>askWithStatus("Account", "bob", replyTo -> new Account.Withdraw(8, replyTo), TIMEOUT)
            .toCompletableFuture())
        .failsWithin(Duration.ofSeconds(20))
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .havingCause()
        .isInstanceOf(StatusReply.ErrorMessage.class)
        .withMessageContaining("insufficient funds");
  }

  @Test
  void runsAnEventSourcedEntityInTheShardOfTheShardFunction() throws Exception {
    entities.init(Account.spec());
    EntityRef<Account.Command> account = entities.entityRefFor("Account", "alice");

    long balance =
        account.<Long>askWithStatus(replyTo -> new Account.Deposit(42, replyTo), TIMEOUT)
            .toCompletableFuture()
            .get(20, TimeUnit.SECONDS);

    assertThat(balance).isEqualTo(42);
    assertThat(SharedInMemoryJournal.eventCount("Account|alice")).isEqualTo(1);
    assertThat(ClusterNodes.localEntityShards(system, Account.ENTITY_TYPE_KEY))
        .containsEntry("alice", ShardFunction.of(32).shardOf("alice"));
    assertThat(entities.entityRefFor(Account.spec(), "alice").getEntityId()).isEqualTo("alice");
  }

  @Test
  void passivatesAnEntityAfterTheSpecsIdleTimeout() {
    TestProbe<String> stops = TestProbe.create(system);
    entities.init(
        EntitySpec.of(
                "Passivating",
                Ping.class,
                ctx ->
                    Behaviors.receive(Ping.class)
                        .onMessage(
                            Ping.class,
                            ping -> {
                              ping.replyTo().tell("pong");
                              return Behaviors.same();
                            })
                        .onSignal(
                            PostStop.class,
                            signal -> {
                              stops.ref().tell("stopped " + ctx.entityId());
                              return Behaviors.same();
                            })
                        .build())
            .withPassivation(Duration.ofMillis(300)));
    TestProbe<String> replies = TestProbe.create(system);

    entities.<Ping>entityRefFor("Passivating", "idle-1").tell(new Ping(replies.ref()));

    replies.expectMessage(TIMEOUT, "pong");
    stops.expectMessage(TIMEOUT, "stopped idle-1");
  }

  @Test
  void colocatesEntityTypesThatShareAnId() throws Exception {
    entities.init(Locator.spec());
    entities.init(Account.spec());
    String id = "shared-7";

    entities.<Account.Command>entityRefFor("Account", id)
        .<Long>askWithStatus(replyTo -> new Account.Deposit(1, replyTo), TIMEOUT)
        .toCompletableFuture()
        .get(20, TimeUnit.SECONDS);
    entities.<Locator.Command>entityRefFor("Locator", id)
        .ask(Locator.Where::new, TIMEOUT)
        .toCompletableFuture()
        .get(20, TimeUnit.SECONDS);

    int shard = entities.shardOf(id);
    assertThat(ClusterNodes.localEntityShards(system, Account.ENTITY_TYPE_KEY)).containsEntry(id, shard);
    assertThat(ClusterNodes.localEntityShards(system, entities.typeKey("Locator"))).containsEntry(id, shard);
  }

  @Test
  void namesTheStartedTypesWhenAskedForAnUnknownOne() {
    entities.init(Account.spec());

    assertThatThrownBy(() -> entities.entityRefFor("Acount", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no entity type 'Acount'")
        .hasMessageContaining("Account");
  }

  @Test
  void refusesToStartATypeNameTwiceWithDifferentCommands() {
    entities.init(Account.spec());

    assertThatThrownBy(() -> entities.init(EntitySpec.of("Account", Ping.class, ctx -> Behaviors.empty())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("already started with commands of " + Account.Command.class.getName());
  }

  @Test
  void showsThePlanOfAJoinOrALeaveBeforeItHappens() {
    org.apache.pekko.actor.Address joiner = new org.apache.pekko.actor.Address("pekko", "atoll", "127.0.0.2", 2551);

    MovementPlan join = entities.planIfJoined(joiner);

    assertThat(join.moves()).isNotEmpty().allSatisfy(move -> {
      assertThat(move.from()).isEqualTo(node.selfAddress());
      assertThat(move.to()).isEqualTo(joiner);
    });
    assertThat(join.size()).isLessThan(32);
    assertThat(entities.planIfLeft(node.selfAddress()).isEmpty()).as("the last member has nobody to hand off to").isTrue();
  }

  @Test
  void exposesTheShardTableOfTheCurrentMembers() {
    ShardTable table = entities.shardTable();

    assertThat(table.members()).containsExactly(node.selfAddress());
    assertThat(table.numberOfShards()).isEqualTo(32);
    assertThat(table.replicas(0)).containsExactly(node.selfAddress());
  }
}
