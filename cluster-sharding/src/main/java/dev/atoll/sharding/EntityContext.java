package dev.atoll.sharding;

import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * What an entity factory of {@link EntitySpec} receives for each entity it starts: the identity of
 * the entity and the persistence settings of its type. An {@code EventSourcedBehavior} passes
 * {@link #persistenceId()} to its constructor and returns {@link #retentionCriteria()} from its
 * {@code retentionCriteria()} method so that the spec's snapshot policy applies.
 *
 * @param typeKey the entity type's key
 * @param entityId the entity's id
 * @param shard the entity's shard, {@code ShardFunction.shardOf(entityId)}
 * @param persistenceId {@code <typeName>|<entityId>}: the journal derives the shard from it
 * @param retentionCriteria snapshot every N events keeping the last K, or disabled, as the spec says
 * @param <M> the entity's command type
 * @since 0.1.0
 */
public record EntityContext<M>(
    EntityTypeKey<M> typeKey,
    String entityId,
    int shard,
    PersistenceId persistenceId,
    RetentionCriteria retentionCriteria) {

  /** The separator between type name and entity id in a persistence id: {@code Account|42}. */
  public static final String PERSISTENCE_ID_SEPARATOR = "|";

  /** The entity type's name, as given to {@link EntitySpec#of}. */
  public String typeName() {
    return typeKey.name();
  }
}
