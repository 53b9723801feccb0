package dev.atoll.benchmarks.journal;

import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.HdrHistogram.Histogram;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Keeps a fixed number of Deposit commands in flight against random entities, for a warm-up and
 * then a measured window, and records each persist's latency (send to acknowledgement) in an
 * HdrHistogram. One actor, so the histogram needs no locking and nothing runs on the common pool.
 * The entities are {@link RecipientRef}s: local actors, or sharded entities addressed through
 * their {@code EntityRef}s wherever in the cluster they run.
 *
 * <p>A command whose persist fails is never answered (the entity stops). So that one failure
 * neither hangs the run nor lowers the load for good, a command unanswered after
 * {@link #GIVE_UP_AFTER} is counted lost and replaced; the result reports how many were lost, and
 * the driver reports at the latest {@code GIVE_UP_AFTER} after the measured window ends.
 *
 * <p>Its behavior takes {@code Object}: the entities' {@link BenchmarkEntity.Persisted} replies
 * (to its self reference narrowed to that type) and its own timer ticks.
 */
final class LoadDriver extends AbstractBehavior<Object> {

  /** What one measured window produced; {@code lost} counts commands never acknowledged. */
  record Result(long events, Duration measured, Histogram latencyMicros, long lost) {
    double eventsPerSecond() {
      return events / (measured.toNanos() / 1e9);
    }
  }

  /** Longer than any write timeout of the journals measured (failover: 5 s), so only failures count. */
  static final Duration GIVE_UP_AFTER = Duration.ofSeconds(15);

  private enum Tick { INSTANCE }

  private final List<? extends RecipientRef<BenchmarkEntity.Command>> entities;
  private final ActorRef<Result> reportTo;
  private final ActorRef<BenchmarkEntity.Persisted> replyTo;
  private final long measureFrom;
  private final long measureUntil;
  private final Histogram histogram = new Histogram(60_000_000L, 3);
  /** Send time of every command in flight, by command id. */
  private final Map<Long, Long> sentNanosById = new HashMap<>();
  private long nextCommandId;
  private long measuredEvents;
  private long lost;

  static Behavior<Object> create(
      List<? extends RecipientRef<BenchmarkEntity.Command>> entities,
      int inFlight,
      Duration warmUp,
      Duration measure,
      ActorRef<Result> reportTo) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers -> new LoadDriver(context, timers, entities, inFlight, warmUp, measure, reportTo)));
  }

  private LoadDriver(
      ActorContext<Object> context,
      TimerScheduler<Object> timers,
      List<? extends RecipientRef<BenchmarkEntity.Command>> entities,
      int inFlight,
      Duration warmUp,
      Duration measure,
      ActorRef<Result> reportTo) {
    super(context);
    this.entities = entities;
    this.reportTo = reportTo;
    this.replyTo = context.getSelf().narrow();
    long now = System.nanoTime();
    this.measureFrom = now + warmUp.toNanos();
    this.measureUntil = measureFrom + measure.toNanos();
    timers.startTimerWithFixedDelay(Tick.INSTANCE, Duration.ofSeconds(1));
    for (int i = 0; i < inFlight; i++) {
      send(now);
    }
  }

  private void send(long now) {
    int target = ThreadLocalRandom.current().nextInt(entities.size());
    long id = nextCommandId++;
    sentNanosById.put(id, now);
    entities.get(target).tell(new BenchmarkEntity.Deposit(target, id, replyTo));
  }

  @Override
  public Receive<Object> createReceive() {
    return newReceiveBuilder()
        .onMessage(BenchmarkEntity.Persisted.class, this::onPersisted)
        .onMessageEquals(Tick.INSTANCE, this::onTick)
        .build();
  }

  private Behavior<Object> onPersisted(BenchmarkEntity.Persisted persisted) {
    Long sentNanos = sentNanosById.remove(persisted.commandId());
    if (sentNanos == null) {
      return this; // answered after it was given up: already counted lost and replaced
    }
    long now = System.nanoTime();
    if (sentNanos >= measureFrom && now <= measureUntil) {
      measuredEvents++;
      histogram.recordValue(Math.max(1, (now - sentNanos) / 1000));
    }
    if (now < measureUntil) {
      send(now);
      return this;
    }
    return reportIfDone();
  }

  /** Gives up the commands unanswered for too long, replacing them while the run lasts. */
  private Behavior<Object> onTick() {
    long now = System.nanoTime();
    int given = 0;
    for (Iterator<Long> sent = sentNanosById.values().iterator(); sent.hasNext(); ) {
      if (now - sent.next() > GIVE_UP_AFTER.toNanos()) {
        sent.remove();
        given++;
      }
    }
    lost += given;
    for (int i = 0; i < given && now < measureUntil; i++) {
      send(now);
    }
    return now < measureUntil ? this : reportIfDone();
  }

  private Behavior<Object> reportIfDone() {
    if (!sentNanosById.isEmpty()) {
      return this;
    }
    reportTo.tell(
        new Result(measuredEvents, Duration.ofNanos(measureUntil - measureFrom), histogram, lost));
    return Behaviors.stopped();
  }
}
