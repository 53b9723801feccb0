package dev.atoll.benchmarks.journal;

import com.typesafe.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.SpawnProtocol;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * Recovery figures of Atoll's journal (sync = batch):
 *
 * <ol>
 *   <li>the time to replay one entity with 100,000 events (spawn to first reply, on a node that
 *       has already opened its journal);
 *   <li>a node's start-up time with 1,000,000 events stored (1,000 entities x 1,000 events):
 *       ActorSystem start and journal open until the first entity has recovered and answered.
 * </ol>
 *
 * Events are written through Pekko with persistAll batches of 1,000. Arguments (optional): events
 * of the big entity (100000), entities (1000), events per entity (1000).
 */
public final class JournalRecoveryBenchmark {

  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  private JournalRecoveryBenchmark() {}

  public static void main(String[] args) throws Exception {
    JournalThroughputBenchmark.quietLogging();
    int bigEntityEvents = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int entities = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    int eventsPerEntity = args.length > 2 ? Integer.parseInt(args[2]) : 1000;

    Path directory = Files.createTempDirectory("atoll-bench-recovery-");
    try {
      ActorSystem<SpawnProtocol.Command> writer = start(directory);
      long fillStart = System.nanoTime();
      System.out.println("writing events...");
      List<String> ids = new ArrayList<>();
      List<Integer> counts = new ArrayList<>();
      ids.add("big");
      counts.add(bigEntityEvents);
      for (int i = 0; i < entities; i++) {
        ids.add("acc-" + i);
        counts.add(eventsPerEntity);
      }
      fill(writer, ids, counts);
      long total = bigEntityEvents + (long) entities * eventsPerEntity;
      System.out.printf(
          Locale.ROOT, "stored %,d events in %.1f s%n", total, (System.nanoTime() - fillStart) / 1e9);
      stop(writer);

      long startNanos = System.nanoTime();
      ActorSystem<SpawnProtocol.Command> node = start(directory);
      long balance = balanceOf(node, "acc-0");
      double startUpMs = (System.nanoTime() - startNanos) / 1e6;
      System.out.printf(
          Locale.ROOT,
          "node start-up with %,d events stored (ActorSystem + journal open + first entity recovered, %d events): %.0f ms%n",
          total, balance, startUpMs);

      long replayStart = System.nanoTime();
      long bigBalance = balanceOf(node, "big");
      System.out.printf(
          Locale.ROOT,
          "replay of one entity with %,d events: %.0f ms (%.0f events/s)%n",
          bigBalance,
          (System.nanoTime() - replayStart) / 1e6,
          bigBalance / ((System.nanoTime() - replayStart) / 1e9));
      stop(node);
    } finally {
      JournalThroughputBenchmark.deleteRecursively(directory);
    }
    System.exit(0);
  }

  private static ActorSystem<SpawnProtocol.Command> start(Path directory) {
    Config config = JournalThroughputBenchmark.configFor("atoll", directory);
    return ActorSystem.create(SpawnProtocol.create(), "recovery", config);
  }

  private static void stop(ActorSystem<SpawnProtocol.Command> system) throws Exception {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  /**
   * Has each entity persist its count of events in persistAll batches of 1,000, with at most 16
   * batches outstanding: the journal's circuit breaker (10 s call timeout) would otherwise fail
   * writes that merely wait in a queue of a million events.
   */
  private static void fill(
      ActorSystem<SpawnProtocol.Command> system, List<String> ids, List<Integer> counts)
      throws Exception {
    java.util.ArrayDeque<CompletionStage<Long>> outstanding = new java.util.ArrayDeque<>();
    for (int e = 0; e < ids.size(); e++) {
      ActorRef<BenchmarkEntity.Command> entity = spawn(system, ids.get(e));
      for (int written = 0; written < counts.get(e); written += 1000) {
        int count = Math.min(1000, counts.get(e) - written);
        if (outstanding.size() >= 16) {
          outstanding.poll().toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
        outstanding.add(
            AskPattern.ask(
                entity,
                (ActorRef<Long> replyTo) -> new BenchmarkEntity.DepositMany(count, replyTo),
                TIMEOUT,
                system.scheduler()));
      }
    }
    for (CompletionStage<Long> stage : outstanding) {
      stage.toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }
  }

  private static long balanceOf(ActorSystem<SpawnProtocol.Command> system, String id) throws Exception {
    ActorRef<BenchmarkEntity.Command> entity = spawn(system, id);
    return AskPattern.ask(
            entity, BenchmarkEntity.GetBalance::new, TIMEOUT, system.scheduler())
        .toCompletableFuture()
        .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  private static ActorRef<BenchmarkEntity.Command> spawn(ActorSystem<SpawnProtocol.Command> system, String id)
      throws Exception {
    return AskPattern.<SpawnProtocol.Command, ActorRef<BenchmarkEntity.Command>>ask(
            system,
            replyTo ->
                new SpawnProtocol.Spawn<>(
                    BenchmarkEntity.create(id), "entity-" + id, Props.empty(), replyTo),
            TIMEOUT,
            system.scheduler())
        .toCompletableFuture()
        .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }
}
