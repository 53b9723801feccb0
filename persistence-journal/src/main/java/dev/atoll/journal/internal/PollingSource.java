package dev.atoll.journal.internal;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.pattern.Patterns;
import org.apache.pekko.stream.javadsl.Source;

/**
 * A stream that reads a store in pages: each {@link Read} returns a page of elements and the
 * cursor to continue from. A current query ends when a read reports it has caught up; a live query
 * then waits the refresh interval and reads again, for ever (or until a read says it is finished).
 * Reads block on RocksDB, so they run on the given executor, one at a time, only when downstream
 * asks for more: back-pressure needs no buffer of our own.
 */
final class PollingSource {

  private PollingSource() {}

  /**
   * One page.
   *
   * @param next the cursor for the following read
   * @param elements the elements found, in order
   * @param caughtUp true if this read reached the end of what is stored now
   * @param finished true if no later read can find anything (the query is complete)
   */
  record Page<S, E>(S next, List<E> elements, boolean caughtUp, boolean finished) {}

  interface Read<S, E> extends Function<S, Page<S, E>> {}

  private record Cursor<S>(S state, boolean done, boolean pause) {}

  static <S, E> Source<E, NotUsed> of(
      S initial,
      Read<S, E> read,
      boolean live,
      Duration refreshInterval,
      ActorSystem system,
      Executor executor) {
    return Source.unfoldAsync(
            new Cursor<>(initial, false, false),
            (Cursor<S> cursor) -> {
              if (cursor.done()) {
                return CompletableFuture.completedFuture(Optional.<Pair<Cursor<S>, List<E>>>empty());
              }
              CompletionStage<Page<S, E>> page =
                  cursor.pause()
                      ? Patterns.after(
                          refreshInterval,
                          system.scheduler(),
                          system.dispatcher(),
                          () -> CompletableFuture.supplyAsync(() -> read.apply(cursor.state()), executor))
                      : CompletableFuture.supplyAsync(() -> read.apply(cursor.state()), executor);
              return page.thenApply(
                  p -> {
                    boolean done = p.finished() || (!live && p.caughtUp());
                    return Optional.of(
                        Pair.create(new Cursor<>(p.next(), done, p.caughtUp()), p.elements()));
                  });
            })
        .mapConcat(elements -> elements);
  }
}
