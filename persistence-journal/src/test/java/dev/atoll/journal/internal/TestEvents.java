package dev.atoll.journal.internal;

import dev.atoll.journal.spi.Epoch;
import dev.atoll.journal.spi.JournalEvent;
import dev.atoll.journal.spi.ReplicatedEvent;
import dev.atoll.journal.spi.SerializedObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Events with a readable text payload, for tests of the store. */
final class TestEvents {

  private TestEvents() {}

  static JournalEvent event(String persistenceId, long sequenceNr, String... tags) {
    byte[] bytes = (persistenceId + "#" + sequenceNr).getBytes(StandardCharsets.UTF_8);
    return new JournalEvent(
        persistenceId,
        sequenceNr,
        "writer-1",
        "",
        1_000L + sequenceNr,
        new SerializedObject(20, "", bytes),
        Optional.empty(),
        Arrays.asList(tags));
  }

  static List<JournalEvent> events(String persistenceId, long from, long to) {
    List<JournalEvent> events = new ArrayList<>();
    for (long i = from; i <= to; i++) {
      events.add(event(persistenceId, i));
    }
    return events;
  }

  /**
   * Events {@code from..to} of {@code persistenceId} written in {@code epoch}, with {@code tags}
   * and the text payload {@code pid#seq@epochCounter}, so events of different epochs differ.
   */
  static List<ReplicatedEvent> replicated(
      String persistenceId, long from, long to, Epoch epoch, String... tags) {
    List<ReplicatedEvent> events = new ArrayList<>();
    for (long i = from; i <= to; i++) {
      JournalEvent plain = event(persistenceId, i, tags);
      byte[] bytes = (persistenceId + "#" + i + "@" + epoch.counter()).getBytes(StandardCharsets.UTF_8);
      JournalEvent marked =
          new JournalEvent(
              persistenceId, i, plain.writerUuid(), "", plain.timestamp(),
              new SerializedObject(20, "", bytes), Optional.empty(), plain.tags());
      events.add(new ReplicatedEvent(marked, epoch));
    }
    return events;
  }

  static String text(JournalEvent event) {
    return new String(event.payload().bytes(), StandardCharsets.UTF_8);
  }

  static List<Long> replaySequenceNrs(LogStore store, String persistenceId) {
    List<Long> found = new ArrayList<>();
    store.replay(persistenceId, 1, Long.MAX_VALUE, Long.MAX_VALUE, e -> found.add(e.sequenceNr()));
    return found;
  }
}
