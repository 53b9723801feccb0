package dev.atoll.sharding;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.pekko.actor.Address;

/**
 * Which shards move from where to where when the member set changes: the difference of two
 * {@link ShardTable}s ({@link ShardTable#plan(ShardTable, ShardTable)}), or the shards a running
 * cluster still has to move ({@link Entities#pendingMoves(String)}). Immutable, in shard order.
 *
 * @param moves one entry per moving shard, ascending by shard
 * @since 0.1.0
 */
public record MovementPlan(List<Move> moves) {

  /**
   * Shard {@code shard}'s primary moves from {@code from} to {@code to}.
   *
   * @param shard the shard number
   * @param from the member it leaves
   * @param to the member that becomes its primary
   */
  public record Move(int shard, Address from, Address to) {
    @Override
    public String toString() {
      return "shard " + shard + ": " + from + " -> " + to;
    }
  }

  public MovementPlan {
    List<Move> sorted = new ArrayList<>(moves);
    sorted.sort(Comparator.comparingInt(Move::shard));
    moves = Collections.unmodifiableList(sorted);
  }

  /** A plan of {@code moves} (sorted by shard). */
  public static MovementPlan of(Collection<Move> moves) {
    return new MovementPlan(List.copyOf(moves));
  }

  /** The plan that moves nothing. */
  public static MovementPlan empty() {
    return new MovementPlan(List.of());
  }

  public boolean isEmpty() {
    return moves.isEmpty();
  }

  public int size() {
    return moves.size();
  }

  /** The moving shards, ascending. */
  public SortedSet<Integer> shards() {
    TreeSet<Integer> shards = new TreeSet<>();
    for (Move move : moves) {
      shards.add(move.shard());
    }
    return Collections.unmodifiableSortedSet(shards);
  }

  /** The moves whose source is {@code member}. */
  public List<Move> movesFrom(Address member) {
    return moves.stream().filter(m -> m.from().equals(member)).toList();
  }

  /** The moves whose target is {@code member}. */
  public List<Move> movesTo(Address member) {
    return moves.stream().filter(m -> m.to().equals(member)).toList();
  }
}
