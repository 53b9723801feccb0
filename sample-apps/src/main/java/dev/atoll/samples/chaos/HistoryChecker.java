package dev.atoll.samples.chaos;

import dev.atoll.samples.chaos.Operation.Kind;
import dev.atoll.samples.chaos.Operation.Type;
import dev.atoll.samples.chaos.ReplicaDump.AcceptedWrite;
import dev.atoll.samples.chaos.ReplicaDump.StoredEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a client history and the final contents of every surviving replica against Atoll's
 * {@link Invariant}s, in the style of a Jepsen checker: it trusts nothing but what clients were
 * told and what replicas hold.
 *
 * <p>Appends carry values unique across the whole run, so a stored event can be traced back to the
 * one client operation that tried to write it. Real-time order between two operations is known
 * only when one completed before the other was invoked; concurrent operations may be ordered
 * either way and are never held against each other.
 */
public final class HistoryChecker {

  private HistoryChecker() {}

  /** Checks every invariant. */
  public static CheckReport check(List<Operation> history, List<ReplicaDump> replicas) {
    Map<String, Operation> invokedAppends = new HashMap<>();
    Map<String, Operation> appendCompletions = new HashMap<>();
    List<Read> reads = new ArrayList<>();
    Map<Integer, Operation> pendingReadByClient = new HashMap<>();
    Map<String, Map<String, Integer>> positions = new HashMap<>();
    for (Operation op : history) {
      if (op.kind() == Kind.APPEND) {
        String value = op.value().orElseThrow(() -> new IllegalArgumentException("append without a value: " + op));
        if (op.type() == Type.INVOKE) {
          invokedAppends.put(value, op);
        } else {
          // A value may be tried more than once (after an unknown outcome): what counts is the
          // attempt that says the most, acknowledged over unknown over failed.
          appendCompletions.merge(value, op, HistoryChecker::mostTelling);
        }
      } else if (op.type() == Type.INVOKE) {
        pendingReadByClient.put(op.client(), op);
      } else {
        Operation invoke = pendingReadByClient.remove(op.client());
        if (invoke != null && op.type() == Type.OK) {
          reads.add(new Read(op.persistenceId(), invoke.nanoTime(), op.nanoTime(), op.read(), positions));
        }
      }
    }
    indexLongestReads(reads, positions);

    List<Verdict> verdicts = new ArrayList<>();
    verdicts.add(acknowledgedEventsPresent(appendCompletions, reads, replicas));
    verdicts.add(noPhantomEvents(invokedAppends, appendCompletions, replicas));
    verdicts.add(contiguousSequenceNumbers(replicas));
    verdicts.add(replicasAgree(replicas));
    verdicts.add(readsAreMonotonic(reads));
    verdicts.add(highestSequenceNumberNeverDecreases(reads));
    verdicts.add(noStaleEpochWrites(replicas));
    return new CheckReport(verdicts, UnavailabilityWindows.of(history));
  }

  /**
   * A completed read and the interval in which it happened. Whether it holds a value is looked up
   * by the value's position in the longest read of the entity ({@code positions}): in a correct
   * run every read is a prefix of one log, and a read that is not holds a value elsewhere than
   * the longest read does, which these checks then report as missing. A set of values per read
   * would be exact for any run, but holds every value of every read twice, more than a long soak's
   * heap has room for.
   */
  private record Read(String persistenceId, long invokedAt, long completedAt, List<String> values,
      Map<String, Map<String, Integer>> positions) {

    boolean contains(String value) {
      Integer position = positions.getOrDefault(persistenceId, Map.of()).get(value);
      return position != null && position < values.size() && values.get(position).equals(value);
    }
  }

  /** Fills {@code positions}: per entity, each value's position in the entity's longest read. */
  private static void indexLongestReads(List<Read> reads, Map<String, Map<String, Integer>> positions) {
    Map<String, List<String>> longest = new HashMap<>();
    for (Read read : reads) {
      longest.merge(read.persistenceId(), read.values(), (a, b) -> b.size() > a.size() ? b : a);
    }
    longest.forEach((pid, values) -> {
      Map<String, Integer> index = new HashMap<>();
      for (int i = 0; i < values.size(); i++) {
        index.putIfAbsent(values.get(i), i);
      }
      positions.put(pid, index);
    });
  }

  private static Map<String, List<Read>> byEntity(List<Read> reads) {
    Map<String, List<Read>> byEntity = new LinkedHashMap<>();
    reads.forEach(r -> byEntity.computeIfAbsent(r.persistenceId(), p -> new ArrayList<>()).add(r));
    return byEntity;
  }

  private static Verdict acknowledgedEventsPresent(
      Map<String, Operation> completions, List<Read> reads, List<ReplicaDump> replicas) {
    Map<String, Map<String, Long>> storedSequenceNr = new HashMap<>(); // pid -> value -> seqNr
    for (ReplicaDump replica : replicas) {
      replica.events().forEach((pid, events) -> {
        Map<String, Long> byValue = storedSequenceNr.computeIfAbsent(pid, p -> new HashMap<>());
        events.forEach(e -> byValue.putIfAbsent(e.value(), e.sequenceNr()));
      });
    }
    Map<String, List<Read>> readsByEntity = byEntity(reads);
    List<String> violations = new ArrayList<>();
    for (Operation ok : completions.values()) {
      if (ok.type() != Type.OK) {
        continue;
      }
      String value = ok.value().orElseThrow();
      Long stored = storedSequenceNr.getOrDefault(ok.persistenceId(), Map.of()).get(value);
      if (stored == null) {
        violations.add("acknowledged " + describe(ok) + " is on no surviving replica");
      } else if (ok.sequenceNr().isPresent() && !ok.sequenceNr().get().equals(stored)) {
        violations.add("acknowledged " + describe(ok) + " is stored at sequence number " + stored);
      }
      for (Read read : readsByEntity.getOrDefault(ok.persistenceId(), List.of())) {
        if (read.invokedAt() > ok.nanoTime() && !read.contains(value)) {
          violations.add("read of " + read.persistenceId() + " started after " + describe(ok) + " was acknowledged but missed it");
        }
      }
    }
    return Verdict.of(Invariant.ACKNOWLEDGED_EVENTS_PRESENT, violations);
  }

  private static Verdict noPhantomEvents(
      Map<String, Operation> invoked, Map<String, Operation> completions, List<ReplicaDump> replicas) {
    List<String> violations = new ArrayList<>();
    for (ReplicaDump replica : replicas) {
      replica.events().forEach((pid, events) -> {
        for (StoredEvent event : events) {
          Operation invoke = invoked.get(event.value());
          Operation completion = completions.get(event.value());
          if (invoke == null || !invoke.persistenceId().equals(pid)) {
            violations.add(replica.node() + " stores " + pid + "#" + event.sequenceNr() + " = " + event.value() + ", which no client tried to append to " + pid);
          } else if (completion != null && completion.type() == Type.FAIL) {
            violations.add(replica.node() + " stores " + pid + "#" + event.sequenceNr() + " = " + event.value() + ", whose append was reported as failed");
          }
        }
      });
    }
    return Verdict.of(Invariant.NO_PHANTOM_EVENTS, violations);
  }

  private static Verdict contiguousSequenceNumbers(List<ReplicaDump> replicas) {
    List<String> violations = new ArrayList<>();
    for (ReplicaDump replica : replicas) {
      replica.events().forEach((pid, events) -> {
        Set<String> seen = new HashSet<>();
        long expected = 1;
        for (StoredEvent event : events) {
          if (event.sequenceNr() != expected) {
            violations.add(replica.node() + ": " + pid + " has sequence number " + event.sequenceNr() + " where " + expected + " was due");
            expected = event.sequenceNr();
          }
          if (!seen.add(event.value())) {
            violations.add(replica.node() + ": " + pid + " stores " + event.value() + " twice (again at " + event.sequenceNr() + ")");
          }
          expected++;
        }
      });
    }
    return Verdict.of(Invariant.CONTIGUOUS_SEQUENCE_NUMBERS, violations);
  }

  private static Verdict replicasAgree(List<ReplicaDump> replicas) {
    Map<String, Map<Long, String>> first = new HashMap<>(); // pid -> seqNr -> "value@node"
    List<String> violations = new ArrayList<>();
    for (ReplicaDump replica : replicas) {
      replica.events().forEach((pid, events) -> {
        Map<Long, String> bySeq = first.computeIfAbsent(pid, p -> new HashMap<>());
        for (StoredEvent event : events) {
          String here = event.value() + "@" + replica.node();
          String there = bySeq.putIfAbsent(event.sequenceNr(), here);
          if (there != null && !there.startsWith(event.value() + "@")) {
            violations.add(pid + "#" + event.sequenceNr() + " differs: " + there + " vs " + here);
          }
        }
      });
    }
    return Verdict.of(Invariant.REPLICAS_AGREE, violations);
  }

  private static Verdict readsAreMonotonic(List<Read> reads) {
    List<String> violations = new ArrayList<>();
    sweep(reads, (seen, longest, later) -> {
      for (String value : seen.keySet()) {
        if (!later.contains(value)) {
          violations.add(later.persistenceId() + ": " + value + " was read, then missing from a read that started after");
          return;
        }
      }
    });
    return Verdict.of(Invariant.READS_ARE_MONOTONIC, violations);
  }

  private static Verdict highestSequenceNumberNeverDecreases(List<Read> reads) {
    List<String> violations = new ArrayList<>();
    sweep(reads, (seen, longest, later) -> {
      if (later.values().size() < longest) {
        violations.add(later.persistenceId() + ": highest sequence number went from " + longest + " down to " + later.values().size());
      }
    });
    return Verdict.of(Invariant.HIGHEST_SEQUENCE_NUMBER_NEVER_DECREASES, violations);
  }

  /** What every read of an entity is compared with: all that reads completed before it began. */
  private interface LaterRead {
    void check(Map<String, Boolean> valuesReadBefore, int longestReadBefore, Read later);
  }

  /**
   * For each read of each entity, in the order they began, calls {@code check} with the values and
   * the longest length of all reads of that entity that completed before it began. Reads that
   * overlap in time are never held against each other.
   */
  private static void sweep(List<Read> reads, LaterRead check) {
    for (List<Read> entityReads : byEntity(reads).values()) {
      List<Read> byCompletion = new ArrayList<>(entityReads);
      byCompletion.sort(Comparator.comparingLong(Read::completedAt));
      List<Read> byStart = new ArrayList<>(entityReads);
      byStart.sort(Comparator.comparingLong(Read::invokedAt));
      Map<String, Boolean> seen = new LinkedHashMap<>();
      int longest = 0;
      int done = 0;
      for (Read later : byStart) {
        while (done < byCompletion.size() && byCompletion.get(done).completedAt() < later.invokedAt()) {
          Read earlier = byCompletion.get(done++);
          earlier.values().forEach(v -> seen.put(v, Boolean.TRUE));
          longest = Math.max(longest, earlier.values().size());
        }
        check.check(seen, longest, later);
      }
    }
  }

  private static Verdict noStaleEpochWrites(List<ReplicaDump> replicas) {
    List<String> violations = new ArrayList<>();
    for (ReplicaDump replica : replicas) {
      for (AcceptedWrite write : replica.acceptedWrites()) {
        if (write.writeEpoch().compareTo(write.promisedEpoch()) < 0) {
          violations.add(replica.node() + " accepted " + write.persistenceId() + "#" + write.sequenceNr()
              + " of shard " + write.shard() + " from epoch " + write.writeEpoch() + " after promising " + write.promisedEpoch());
        }
      }
    }
    return Verdict.of(Invariant.NO_STALE_EPOCH_WRITES, violations);
  }

  private static Operation mostTelling(Operation a, Operation b) {
    return rank(b.type()) > rank(a.type()) ? b : a;
  }

  private static int rank(Type type) {
    return switch (type) {
      case OK -> 3;
      case INFO -> 2;
      default -> 1;
    };
  }

  private static String describe(Operation op) {
    return "append of " + op.value().orElse("?") + " to " + op.persistenceId()
        + op.sequenceNr().map(s -> " (sequence number " + s + ")").orElse("");
  }
}
