package dev.atoll.failover.internal;

import dev.atoll.failover.ShardConfig;
import dev.atoll.sharding.ShardTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * Starts this node's promotions for a failed member's shards as soon as the member is downed,
 * instead of when the first command for one of them arrives here.
 *
 * <p>Pekko allocates a shard anew only when some node sends it a message after its old region is
 * gone, and a shard's epoch is promoted only when its first entity recovers here, so a crashed
 * member's shards each failed over at the pace at which their clients happened to retry, and their
 * promotions queued up behind one another. Now, when member M is downed (or removed, if this node
 * missed the downing), every shard whose latest established configuration had M as primary, and
 * whose primary in the table without M is this node, starts its promotion at once; the allocation
 * that follows finds the epoch established. A shard the coordinator places elsewhere after all is
 * promoted there with a newer epoch, which deposes this one: wasted work, never a conflict.
 */
final class Takeover {

  private Takeover() {}

  static Behavior<ClusterEvent.MemberEvent> create(ShardDirectory directory, Topology topology, String self) {
    return Behaviors.setup(context -> {
      Cluster.get(context.getSystem()).subscriptions().tell(Subscribe.create(context.getSelf(), ClusterEvent.MemberEvent.class));
      return Behaviors.receive(ClusterEvent.MemberEvent.class)
          .onMessage(ClusterEvent.MemberDowned.class, downed -> {
            takeOver(downed.member().address(), directory, topology, self, context.getLog());
            return Behaviors.same();
          })
          .onMessage(ClusterEvent.MemberRemoved.class, removed -> {
            takeOver(removed.member().address(), directory, topology, self, context.getLog());
            return Behaviors.same();
          })
          .onAnyMessage(other -> Behaviors.same())
          .build();
    });
  }

  private static void takeOver(Address departed, ShardDirectory directory, Topology topology, String self, org.slf4j.Logger log) {
    String name = NodeNames.of(departed);
    if (name.equals(self)) {
      return;
    }
    ShardTable after = topology.tableWithout(departed);
    if (after.isEmpty()) {
      return;
    }
    List<Integer> taken = new ArrayList<>();
    for (Map.Entry<Integer, ShardConfig> committed : directory.committedConfigs().entrySet()) {
      int shard = committed.getKey();
      boolean itsShard = committed.getValue().primary().equals(name);
      if (itsShard && NodeNames.of(after.primary(shard)).equals(self) && !directory.serves(shard)) {
        directory.awaitRecoverable(shard); // spawns the shard's primary, which promotes at once
        taken.add(shard);
      }
    }
    if (!taken.isEmpty()) {
      log.info("{} is gone: promoting its shards {} here without waiting for their first command", name, taken);
    }
  }
}
