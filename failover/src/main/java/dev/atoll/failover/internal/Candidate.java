package dev.atoll.failover.internal;

import dev.atoll.journal.spi.LogTip;

import dev.atoll.journal.spi.Epoch;
import dev.atoll.failover.ShardConfig;
import dev.atoll.failover.internal.Messages.Prepare;
import dev.atoll.failover.internal.Messages.PrepareReply;
import dev.atoll.failover.internal.Messages.Promise;
import dev.atoll.failover.internal.Messages.Refusal;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A node trying to become a shard's primary in a new epoch: the promise round of the failover path,
 * as a pure state machine. The caller sends {@link #prepare()} to {@link #targets()}, feeds every
 * reply to {@link #onReply}, and once {@link #isPromised()} copies each log named by
 * {@link #repairSources()} into its own replica before pushing to the new replica set.
 *
 * <p>It needs two quorums of promises:
 *
 * <ol>
 *   <li>a majority of the cluster's members: every established configuration was recorded on a
 *       majority, so at least one promiser reports the latest one, and a competing candidate's
 *       commit cannot reach a majority any more;
 *   <li>the promise quorum of the latest established configuration's replica set, which meets
 *       every write quorum of that epoch, so read repair sees every acknowledged event.
 * </ol>
 *
 * <p>Established configurations older than the latest need no cover: the latest one's primary
 * repaired its log from theirs before it served anything. Configurations that were promised but
 * never established served nothing and need no cover either.
 */
public final class Candidate {

  private final ShardConfig proposed;
  private final QuorumPolicy quorums;
  private final List<String> members;
  private final Map<String, Promise> promises = new HashMap<>();
  private ShardConfig latestCommitted = ShardConfig.none();
  private Epoch supersededBy;

  /**
   * A candidacy of {@code self} for a new replica set {@code replicas} (self first), in the first
   * epoch after everything this node has seen ({@code seen}: its own promised and committed epochs
   * and any refusal it received), among the cluster's {@code members}.
   */
  public Candidate(String self, List<String> replicas, Epoch seen, QuorumPolicy quorums, List<String> members) {
    if (replicas.isEmpty() || !replicas.get(0).equals(self)) {
      throw new IllegalArgumentException("the candidate " + self + " must head its replica set " + replicas);
    }
    if (!members.containsAll(replicas)) {
      throw new IllegalArgumentException("replicas " + replicas + " must be cluster members " + members);
    }
    this.proposed = new ShardConfig(seen.next(self), self, replicas);
    this.quorums = quorums;
    this.members = List.copyOf(members);
  }

  public ShardConfig proposed() {
    return proposed;
  }

  public Prepare prepare() {
    return new Prepare(proposed);
  }

  /** Everyone who should be asked: every cluster member. */
  public Set<String> targets() {
    return new LinkedHashSet<>(members);
  }

  public void onReply(PrepareReply reply) {
    if (reply instanceof Refusal refusal) {
      if (supersededBy == null || refusal.promised().isAfter(supersededBy)) {
        supersededBy = refusal.promised();
      }
    } else if (reply instanceof Promise promise && promise.epoch().equals(proposed.epoch())) {
      promises.put(promise.from(), promise);
      if (promise.committed().epoch().isAfter(latestCommitted.epoch())) {
        latestCommitted = promise.committed();
      }
    }
  }

  /** The newer epoch some member had already promised, if any: this candidacy cannot win. */
  public Optional<Epoch> supersededBy() {
    return Optional.ofNullable(supersededBy);
  }

  /** The latest established configuration the promisers know of ({@link ShardConfig#none()} if none). */
  public ShardConfig latestCommitted() {
    return latestCommitted;
  }

  /** Whether both promise quorums are met. */
  public boolean isPromised() {
    if (supersededBy != null) {
      return false;
    }
    long memberPromises = members.stream().filter(promises::containsKey).count();
    if (memberPromises < members.size() / 2 + 1) {
      return false;
    }
    if (latestCommitted.isNone()) {
      return true;
    }
    List<String> replicas = latestCommitted.replicas();
    long replicaPromises = replicas.stream().filter(promises::containsKey).count();
    return replicaPromises >= quorums.promiseQuorum(replicas.size());
  }

  /** For each persistence id, the promiser holding its most up-to-date log. */
  public Map<String, String> repairSources() {
    Map<String, String> sources = new HashMap<>();
    Map<String, LogTip> best = new HashMap<>();
    promises.values().forEach(promise -> promise.tips().forEach((pid, tip) -> {
      LogTip current = best.get(pid);
      if (current == null || tip.compareTo(current) > 0) {
        best.put(pid, tip);
        sources.put(pid, promise.from());
      }
    }));
    return sources;
  }

  /** The tips a promiser reported, per persistence id: where to start pushing to it. */
  public Map<String, LogTip> tipsOf(String replica) {
    Promise promise = promises.get(replica);
    return promise == null ? Map.of() : promise.tips();
  }
}
