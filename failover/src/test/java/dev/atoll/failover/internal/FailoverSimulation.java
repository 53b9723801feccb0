package dev.atoll.failover.internal;

import dev.atoll.journal.spi.LogTip;

import dev.atoll.journal.spi.Epoch;
import dev.atoll.failover.ShardConfig;
import dev.atoll.failover.internal.Messages.Commit;
import dev.atoll.failover.internal.Messages.PrepareReply;
import dev.atoll.failover.internal.Messages.Write;
import dev.atoll.failover.internal.Messages.WriteReply;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A deterministic, seeded simulation of one shard's failover protocol on five nodes that crash,
 * restart, pause (zombie primaries) and compete for the primary role at random. Messages are
 * delivered at once to nodes that are up, except one in five, which is lost. After every step it checks the
 * protocol's safety properties and throws {@link AssertionError} naming the step that broke one.
 */
final class FailoverSimulation {

  enum NodeState { UP, PAUSED, DOWN }

  /** A write a client was told succeeded. */
  record Ack(String persistenceId, long sequenceNr, String value, Epoch epoch) {}

  private static final List<String> NODES = List.of("n1", "n2", "n3", "n4", "n5");
  private static final List<String> PIDS = List.of("A|1", "A|2", "B|1");

  private final Random random;
  private final boolean contentious;
  private final QuorumPolicy quorums;
  private final Map<String, ReplicaState<String>> replicas = new LinkedHashMap<>();
  private final Map<String, NodeState> states = new HashMap<>();
  /** Primaries that believe they are established, by node; a paused one is a zombie in waiting. */
  private final Map<String, Primary<String>> primaries = new HashMap<>();
  private final Map<String, Epoch> seen = new HashMap<>();
  private final List<Ack> acks = new ArrayList<>();
  private final List<String> trace = new ArrayList<>();
  private int values;
  int establishedCount;
  int refusedZombieWrites;

  /**
   * @param contentious whether candidates appear even while a primary serves (many competing,
   *     interleaved candidacies: the hardest schedules) or mostly after a primary is lost
   */
  FailoverSimulation(long seed, QuorumPolicy quorums, boolean contentious) {
    this.random = new Random(seed);
    this.quorums = quorums;
    this.contentious = contentious;
    for (String node : NODES) {
      replicas.put(node, new ReplicaState<>(node));
      states.put(node, NodeState.UP);
      seen.put(node, Epoch.NONE);
    }
  }

  List<Ack> acks() {
    return acks;
  }

  void run(int steps) {
    for (int step = 0; step < steps; step++) {
      int dice = random.nextInt(100);
      if (dice < 40) {
        clientWrite();
      } else if (dice < 60) {
        failover();
      } else if (dice < 70) {
        reReplicate();
      } else if (dice < 78) {
        crash();
      } else if (dice < 88) {
        restart();
      } else if (dice < 94) {
        pause();
      } else {
        resume();
      }
      checkSafety(step);
    }
  }

  private boolean up(String node) {
    return states.get(node) == NodeState.UP;
  }

  /**
   * Whether a message to {@code node} (and its reply) gets through: the node must be up, and one
   * message in five is lost, which models partitions and timeouts between single pairs of nodes.
   */
  private boolean delivered(String from, String to) {
    return up(to) && (from.equals(to) || random.nextInt(5) != 0);
  }

  private String pick(List<String> nodes) {
    return nodes.get(random.nextInt(nodes.size()));
  }

  private List<String> nodesIn(NodeState state) {
    return NODES.stream().filter(n -> states.get(n) == state).toList();
  }

  private void clientWrite() {
    List<String> candidates = primaries.keySet().stream().filter(this::up).sorted().toList();
    if (candidates.isEmpty()) {
      return;
    }
    String node = pick(candidates);
    Primary<String> primary = primaries.get(node);
    String pid = pick(PIDS);
    String value = "v" + (++values);
    java.util.OptionalLong appended = primary.append(pid, value);
    if (appended.isEmpty()) {
      refusedZombieWrites++;
      primaries.remove(node);
      trace.add(node + " found itself deposed by " + primary.deposedBy().orElseThrow());
      return;
    }
    long sequenceNr = appended.getAsLong();
    replicateFrom(node, primary);
    if (primary.deposedBy().isPresent()) {
      refusedZombieWrites++;
      primaries.remove(node);
      trace.add(node + " deposed while writing " + pid + "#" + sequenceNr);
      return;
    }
    if (primary.isStoredOnQuorum(pid, sequenceNr)) {
      acks.add(new Ack(pid, sequenceNr, value, primary.config().epoch()));
      trace.add(node + " acked " + pid + "#" + sequenceNr + "=" + value + " in " + primary.config().epoch());
    } else {
      trace.add(node + " could not ack " + pid + "#" + sequenceNr + "=" + value);
    }
  }

  private void replicateFrom(String node, Primary<String> primary) {
    for (int round = 0; round < 20; round++) {
      boolean sent = false;
      for (String backup : primary.backups()) {
        if (!delivered(node, backup)) {
          continue;
        }
        for (Write<String> write : primary.writesFor(backup)) {
          WriteReply reply = replicas.get(backup).onWrite(write);
          primary.onReply(reply);
          sent = true;
        }
      }
      if (!sent || primary.deposedBy().isPresent()) {
        return;
      }
    }
  }

  /** A candidacy in progress: each step advances one of them by one phase, so they interleave. */
  private final class Candidacy {
    final String node;
    final Candidate candidate;
    Primary<String> primary;

    Candidacy(String node, Candidate candidate) {
      this.node = node;
      this.candidate = candidate;
    }
  }

  private final Map<String, Candidacy> candidacies = new HashMap<>();

  private void failover() {
    if (!candidacies.isEmpty() && random.nextBoolean()) {
      List<String> nodes = candidacies.keySet().stream().sorted().toList();
      advance(candidacies.get(pick(nodes)));
      return;
    }
    List<String> upNodes = nodesIn(NodeState.UP);
    boolean primaryServing = primaries.keySet().stream().anyMatch(this::up);
    if (upNodes.isEmpty() || (primaryServing && !contentious && random.nextInt(4) != 0)) {
      return; // mostly, a new candidate appears when no primary serves (as after a crash)
    }
    String candidateNode = pick(upNodes);
    List<String> others = new ArrayList<>(NODES);
    others.remove(candidateNode);
    Collections.shuffle(others, random);
    List<String> replicaSet = new ArrayList<>();
    replicaSet.add(candidateNode);
    replicaSet.addAll(others.subList(0, 2));
    ReplicaState<String> own = replicas.get(candidateNode);
    Epoch known = max(seen.get(candidateNode), max(own.promised().epoch(), own.committed().epoch()));
    primaries.remove(candidateNode);
    Candidacy candidacy = new Candidacy(candidateNode, new Candidate(candidateNode, replicaSet, known, quorums, NODES));
    candidacies.put(candidateNode, candidacy);
    advance(candidacy);
  }

  /** One phase of a candidacy: promises, then repair and push, then the commit round. */
  private void advance(Candidacy candidacy) {
    String node = candidacy.node;
    Candidate candidate = candidacy.candidate;
    if (!up(node)) {
      return;
    }
    if (candidacy.primary == null && !candidate.isPromised()) {
      for (String target : candidate.targets()) {
        if (delivered(node, target)) {
          candidate.onReply(replicas.get(target).onPrepare(candidate.prepare()));
        }
      }
      if (candidate.supersededBy().isPresent()) {
        seen.put(node, max(seen.get(node), candidate.supersededBy().get()));
        candidacies.remove(node);
        trace.add(node + " superseded by " + candidate.supersededBy().get());
      } else {
        trace.add(node + (candidate.isPromised() ? " promised " : " lacks promises for ") + candidate.proposed().epoch());
      }
      return;
    }
    ReplicaState<String> own = replicas.get(node);
    if (!own.promised().equals(candidate.proposed())) {
      candidacies.remove(node);
      trace.add(node + " gave up " + candidate.proposed().epoch() + ": it promised " + own.promised().epoch());
      return;
    }
    if (candidacy.primary == null) {
      Map<String, String> sources = candidate.repairSources();
      if (sources.values().stream().anyMatch(source -> !source.equals(node) && !up(source))) {
        trace.add(node + " waits for a repair source");
        return;
      }
      sources.forEach((pid, source) -> {
        if (!source.equals(node)) {
          own.adopt(pid, replicas.get(source).log(pid));
        }
      });
      Map<String, Map<String, LogTip>> tips = new HashMap<>();
      candidate.proposed().replicas().forEach(replica -> tips.put(replica, candidate.tipsOf(replica)));
      candidacy.primary = new Primary<>(own, candidate.proposed(), quorums, tips);
      trace.add(node + " repaired its log for " + candidate.proposed().epoch());
    }
    Primary<String> primary = candidacy.primary;
    if (!primary.logIsOnWriteQuorum()) {
      replicateFrom(node, primary);
      trace.add(node + (primary.logIsOnWriteQuorum() ? " pushed its log for " : " is pushing its log for ") + candidate.proposed().epoch());
      return;
    }
    for (String member : NODES) {
      if (delivered(node, member)) {
        primary.onCommitReply(replicas.get(member).onCommit(new Commit(candidate.proposed())), NODES);
      }
    }
    if (primary.deposedBy().isPresent()) {
      candidacies.remove(node);
      trace.add(node + " deposed while committing " + candidate.proposed().epoch());
    } else if (primary.established()) {
      candidacies.remove(node);
      primaries.put(node, primary);
      establishedCount++;
      trace.add(node + " established " + candidate.proposed().epoch() + " over " + candidate.proposed().replicas());
    } else {
      trace.add(node + " has not yet recorded its commit on a majority for " + candidate.proposed().epoch());
    }
  }

  private void reReplicate() {
    List<String> active = primaries.keySet().stream().filter(this::up).sorted().toList();
    if (!active.isEmpty()) {
      String node = pick(active);
      replicateFrom(node, primaries.get(node));
    }
  }

  private void crash() {
    List<String> alive = NODES.stream().filter(n -> states.get(n) != NodeState.DOWN).toList();
    if (alive.size() > 1) {
      String node = pick(alive);
      states.put(node, NodeState.DOWN);
      primaries.remove(node); // volatile state is lost; the replica state is durable
      candidacies.remove(node);
      trace.add(node + " crashed");
    }
  }

  private void restart() {
    List<String> down = nodesIn(NodeState.DOWN);
    if (!down.isEmpty()) {
      String node = pick(down);
      states.put(node, NodeState.UP);
      trace.add(node + " restarted");
    }
  }

  private void pause() {
    List<String> upNodes = nodesIn(NodeState.UP);
    if (upNodes.size() > 1) {
      String node = pick(upNodes);
      states.put(node, NodeState.PAUSED);
      trace.add(node + " paused");
    }
  }

  private void resume() {
    List<String> paused = nodesIn(NodeState.PAUSED);
    if (!paused.isEmpty()) {
      String node = pick(paused);
      states.put(node, NodeState.UP);
      trace.add(node + " resumed" + (primaries.containsKey(node) ? " (still believing it is primary)" : ""));
    }
  }

  private void checkSafety(int step) {
    // 1. No acknowledged write is lost: every established primary of a later epoch holds it.
    for (Ack ack : acks) {
      for (Primary<String> primary : primaries.values()) {
        if (primary.config().epoch().isAfter(ack.epoch())) {
          List<LogEntry<String>> log = replicas.get(primary.config().primary()).log(ack.persistenceId());
          if (log.size() < ack.sequenceNr() || !log.get((int) ack.sequenceNr() - 1).event().equals(ack.value())) {
            fail(step, "primary of " + primary.config().epoch() + " lost acknowledged " + ack);
          }
        }
      }
    }
    // 2. No two acknowledged writes share a (persistenceId, sequenceNr).
    Map<String, String> acked = new HashMap<>();
    for (Ack ack : acks) {
      String previous = acked.putIfAbsent(ack.persistenceId() + "#" + ack.sequenceNr(), ack.value());
      if (previous != null && !previous.equals(ack.value())) {
        fail(step, "two acknowledged values at " + ack.persistenceId() + "#" + ack.sequenceNr() + ": " + previous + " and " + ack.value());
      }
    }
    // 3. Log matching: the same (sequenceNr, epoch) means the same event on every replica.
    Map<String, String> byIdentity = new HashMap<>();
    replicas.forEach((node, replica) -> replica.logs().forEach((pid, log) -> {
      for (LogEntry<String> entry : log) {
        String key = pid + "#" + entry.sequenceNr() + "@" + entry.epoch();
        String previous = byIdentity.putIfAbsent(key, entry.event());
        if (previous != null && !previous.equals(entry.event())) {
          fail(step, node + " holds " + entry.event() + " at " + key + " where another replica holds " + previous);
        }
      }
    }));
  }

  private void fail(int step, String what) {
    List<String> last = trace.subList(Math.max(0, trace.size() - 25), trace.size());
    throw new AssertionError("step " + step + ": " + what + "\nlast events:\n  " + String.join("\n  ", last));
  }

  private static Epoch max(Epoch a, Epoch b) {
    return a.isAfter(b) ? a : b;
  }
}
