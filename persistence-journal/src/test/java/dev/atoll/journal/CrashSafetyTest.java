package dev.atoll.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atoll.journal.internal.LogStore;
import dev.atoll.journal.internal.LogStoreSettings;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Kills a writing JVM with SIGKILL in the middle of a stream of persists and checks that every
 * event whose persist was acknowledged is stored, in order, with no gap and no duplicate.
 */
class CrashSafetyTest {

  private static final int ACKS_BEFORE_KILL = 1000;

  private Path directory;
  private Process victim;

  @BeforeEach
  void createDirectory() {
    directory = TestDirectories.fresh("crash");
  }

  @AfterEach
  void cleanUp() throws InterruptedException {
    if (victim != null && victim.isAlive()) {
      victim.destroyForcibly();
      victim.waitFor(30, TimeUnit.SECONDS);
    }
    TestDirectories.delete(directory);
  }

  @Test
  void everyAcknowledgedEventSurvivesASigkillInOrderWithoutGapsOrDuplicates() throws Exception {
    Path journal = directory.resolve("journal");
    ProcessBuilder builder =
        new ProcessBuilder(
            ProcessHandle.current().info().command().orElseThrow(),
            "-cp",
            System.getProperty("java.class.path"),
            "-Xmx256m",
            CrashWriterMain.class.getName(),
            journal.toString());
    builder.redirectError(ProcessBuilder.Redirect.DISCARD);
    victim = builder.start();

    Map<String, Long> lastAcked = new ConcurrentHashMap<>();
    AtomicInteger acks = new AtomicInteger();
    Thread reader = new Thread(() -> readAcks(victim, lastAcked, acks), "crash-victim-stdout");
    reader.setDaemon(true);
    reader.start();

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (acks.get() < ACKS_BEFORE_KILL && victim.isAlive() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
      reader.join(10);
    }
    assertThat(victim.isAlive()).as("the writer is still running when it is killed").isTrue();
    assertThat(acks.get()).as("acknowledged persists before the kill").isGreaterThanOrEqualTo(ACKS_BEFORE_KILL);

    victim.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no flush, no close
    assertThat(victim.waitFor(30, TimeUnit.SECONDS)).isTrue();
    reader.join(TimeUnit.SECONDS.toMillis(10));
    Map<String, Long> acknowledged = Map.copyOf(lastAcked);

    try (LogStore store = LogStore.open(LogStoreSettings.of(journal))) {
      for (Map.Entry<String, Long> entry : acknowledged.entrySet()) {
        String pid = entry.getKey();
        List<Long> sequenceNrs = new ArrayList<>();
        List<String> payloads = new ArrayList<>();
        store.replay(
            pid,
            1,
            Long.MAX_VALUE,
            Long.MAX_VALUE,
            event -> {
              sequenceNrs.add(event.sequenceNr());
              payloads.add(new String(event.payload().bytes(), StandardCharsets.UTF_8));
            });

        assertThat(sequenceNrs.size())
            .as("events of %s stored vs last acknowledged %d", pid, entry.getValue())
            .isGreaterThanOrEqualTo(entry.getValue().intValue());
        for (int i = 0; i < sequenceNrs.size(); i++) {
          assertThat(sequenceNrs.get(i)).as("%s: no gap, no duplicate", pid).isEqualTo(i + 1L);
          assertThat(payloads.get(i)).as("%s: payload of #%d", pid, i + 1).isEqualTo("e" + (i + 1));
        }
        assertThat(store.highestSequenceNr(pid)).isEqualTo(sequenceNrs.size());
      }
    }
    assertThat(acknowledged).hasSize(CrashWriterMain.ENTITIES);
  }

  private static void readAcks(Process process, Map<String, Long> lastAcked, AtomicInteger acks) {
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        String[] parts = line.split(" ");
        if (parts.length == 3 && parts[0].equals("ACK")) {
          long sequenceNr = Long.parseLong(parts[2]);
          lastAcked.merge(parts[1], sequenceNr, Math::max);
          acks.incrementAndGet();
        }
      }
    } catch (java.io.IOException e) {
      // the process was killed: its stdout closes
    }
  }
}
