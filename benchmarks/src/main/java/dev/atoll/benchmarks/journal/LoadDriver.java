package dev.atoll.benchmarks.journal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.HdrHistogram.Histogram;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Keeps a fixed number of Deposit commands in flight against random entities, for a warm-up and
 * then a measured window, and records each persist's latency (send to acknowledgement) in an
 * HdrHistogram. One actor, so the histogram needs no locking and nothing runs on the common pool.
 * The entities are {@link RecipientRef}s: local actors, or sharded entities addressed through
 * their {@code EntityRef}s wherever in the cluster they run.
 */
final class LoadDriver extends AbstractBehavior<BenchmarkEntity.Persisted> {

  /** What one measured window produced. */
  record Result(long events, Duration measured, Histogram latencyMicros) {
    double eventsPerSecond() {
      return events / (measured.toNanos() / 1e9);
    }
  }

  private final List<? extends RecipientRef<BenchmarkEntity.Command>> entities;
  private final ActorRef<Result> reportTo;
  private final long measureFrom;
  private final long measureUntil;
  private final Histogram histogram = new Histogram(60_000_000L, 3);
  private long measuredEvents;
  private int outstanding;

  static Behavior<BenchmarkEntity.Persisted> create(
      List<? extends RecipientRef<BenchmarkEntity.Command>> entities,
      int inFlight,
      Duration warmUp,
      Duration measure,
      ActorRef<Result> reportTo) {
    return Behaviors.setup(
        context -> new LoadDriver(context, entities, inFlight, warmUp, measure, reportTo));
  }

  private LoadDriver(
      ActorContext<BenchmarkEntity.Persisted> context,
      List<? extends RecipientRef<BenchmarkEntity.Command>> entities,
      int inFlight,
      Duration warmUp,
      Duration measure,
      ActorRef<Result> reportTo) {
    super(context);
    this.entities = entities;
    this.reportTo = reportTo;
    long now = System.nanoTime();
    this.measureFrom = now + warmUp.toNanos();
    this.measureUntil = measureFrom + measure.toNanos();
    for (int i = 0; i < inFlight; i++) {
      send(now);
    }
  }

  private void send(long now) {
    int target = ThreadLocalRandom.current().nextInt(entities.size());
    entities.get(target).tell(new BenchmarkEntity.Deposit(target, now, getContext().getSelf()));
    outstanding++;
  }

  @Override
  public Receive<BenchmarkEntity.Persisted> createReceive() {
    return newReceiveBuilder().onMessage(BenchmarkEntity.Persisted.class, this::onPersisted).build();
  }

  private Behavior<BenchmarkEntity.Persisted> onPersisted(BenchmarkEntity.Persisted persisted) {
    outstanding--;
    long now = System.nanoTime();
    if (persisted.sentNanos() >= measureFrom && now <= measureUntil) {
      measuredEvents++;
      histogram.recordValue(Math.max(1, (now - persisted.sentNanos()) / 1000));
    }
    if (now < measureUntil) {
      send(now);
      return this;
    }
    if (outstanding == 0) {
      reportTo.tell(new Result(measuredEvents, Duration.ofNanos(measureUntil - measureFrom), histogram));
      return Behaviors.stopped();
    }
    return this;
  }
}
