package dev.atoll.samples.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atoll.journal.spi.Epoch;
import dev.atoll.framework.ShardFunction;
import dev.atoll.samples.chaos.ReplicaDump.AcceptedWrite;
import dev.atoll.samples.chaos.ReplicaDump.StoredEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what every running node stores for each ledger, through {@code GET
 * /atoll/failover/log?persistence-id=}, as {@link ReplicaDump}s for the checker.
 *
 * <p>A log entry shows its sequence number, the epoch it was written in and a payload hash; the
 * value is found by matching the hash against the values clients tried to append to that ledger
 * (an unmatched hash stays visible as {@code <unknown payload ...>}, which the checker reports as
 * a phantom). Which epoch a replica had promised at the moment it accepted each write is not kept
 * by the node; the reader takes the highest epoch of the entries before it in the same log: in a
 * log built by log matching, epochs never decrease along the sequence numbers, so an entry of an
 * older epoch behind one of a newer epoch is a write accepted from an older epoch.
 */
final class ReplicaReader {

  private static final Pattern EPOCH = Pattern.compile("\\((\\d+), (.*)\\)");

  private final LedgerCluster cluster;
  private final ShardFunction shards;

  ReplicaReader(LedgerCluster cluster, int numberOfShards) {
    this.cluster = cluster;
    this.shards = ShardFunction.of(numberOfShards);
  }

  /**
   * One dump per running node. {@code attempted} maps each persistence id to every value a client
   * tried to append to it.
   */
  List<ReplicaDump> read(Map<String, Set<String>> attempted) {
    List<ReplicaDump> dumps = new ArrayList<>();
    try (PayloadFingerprints fingerprints = new PayloadFingerprints()) {
      Map<String, Map<String, String>> valueByHash = new HashMap<>();
      attempted.forEach((pid, values) -> {
        Map<String, String> byHash = new HashMap<>();
        values.forEach(v -> byHash.put(fingerprints.of(v), v));
        valueByHash.put(pid, byHash);
      });
      for (int i = 0; i < cluster.nodes().size(); i++) {
        if (!cluster.isRunning(i)) {
          continue;
        }
        Map<String, List<LogEntry>> logs = new LinkedHashMap<>();
        for (String pid : attempted.keySet()) {
          List<LogEntry> entries = new ArrayList<>();
          for (JsonNode entry : fetch(i, pid).path("events")) {
            entries.add(new LogEntry(entry.path("sequenceNr").asLong(), epoch(entry.path("epoch").asText()),
                entry.path("payloadHash").asText()));
          }
          logs.put(pid, entries);
        }
        dumps.add(dump(cluster.nodes().get(i).name(), logs, valueByHash, shards));
      }
    }
    return dumps;
  }

  /** One entry of a node's log as the management endpoint lists it. */
  record LogEntry(long sequenceNr, Epoch epoch, String payloadHash) {}

  /**
   * A node's logs as a {@link ReplicaDump}: values found by payload hash among those attempted
   * ({@code valueByHash}: persistence id to hash to value), and each entry as a write accepted
   * while the highest epoch promised was that of the entries before it in the same log.
   */
  static ReplicaDump dump(String node, Map<String, List<LogEntry>> logs, Map<String, Map<String, String>> valueByHash,
      ShardFunction shards) {
    Map<String, List<StoredEvent>> events = new LinkedHashMap<>();
    List<AcceptedWrite> writes = new ArrayList<>();
    logs.forEach((pid, entries) -> {
      List<StoredEvent> stored = new ArrayList<>();
      Epoch highest = Epoch.NONE;
      for (LogEntry entry : entries) {
        stored.add(new StoredEvent(entry.sequenceNr(), valueByHash.getOrDefault(pid, Map.of())
            .getOrDefault(entry.payloadHash(), "<unknown payload " + entry.payloadHash() + ">")));
        writes.add(new AcceptedWrite(shards.shardOf(entityId(pid)), pid, entry.sequenceNr(), entry.epoch(), highest));
        highest = entry.epoch().isAfter(highest) ? entry.epoch() : highest;
      }
      if (!stored.isEmpty()) {
        events.put(pid, stored);
      }
    });
    return new ReplicaDump(node, events, writes);
  }

  private JsonNode fetch(int node, String pid) {
    for (int attempt = 0; attempt < 5; attempt++) {
      var log = cluster.log(node, pid);
      if (log.isPresent()) {
        return log.get();
      }
    }
    throw new IllegalStateException(cluster.nodes().get(node).name() + " did not answer for the log of " + pid);
  }

  private static String entityId(String pid) {
    return pid.substring(pid.indexOf('|') + 1);
  }

  static Epoch epoch(String text) {
    if (text.equals(Epoch.NONE.toString())) {
      return Epoch.NONE;
    }
    Matcher m = EPOCH.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException("not an epoch: " + text);
    }
    return new Epoch(Long.parseLong(m.group(1)), m.group(2));
  }
}
