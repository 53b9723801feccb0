package dev.atoll.sharding;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.apache.pekko.actor.typed.Behavior;

/**
 * Declares a sharded entity type for {@link Entities#init(EntitySpec)}: its name, command type,
 * how to create one entity, and how it is passivated, snapshotted and placed. Immutable; each
 * {@code withX} returns a copy.
 *
 * <pre>{@code
 * EntitySpec<Account.Command> accounts =
 *     EntitySpec.of("Account", Account.Command.class, Account::create)
 *         .withPassivation(Duration.ofMinutes(5))
 *         .withSnapshotEvery(100, 2);
 * }</pre>
 *
 * @param <M> the entity's command type
 * @since 0.1.0
 */
public final class EntitySpec<M> {

  /**
   * How an entity type snapshots.
   *
   * @param every events between two snapshots, > 0
   * @param keep snapshots to keep, > 0
   */
  public record SnapshotPolicy(int every, int keep) {
    public SnapshotPolicy {
      if (every <= 0) {
        throw new IllegalArgumentException("snapshot every = " + every + ": must be > 0");
      }
      if (keep <= 0) {
        throw new IllegalArgumentException("snapshots to keep = " + keep + ": must be > 0");
      }
    }
  }

  private final String typeName;
  private final Class<M> messageClass;
  private final Function<EntityContext<M>, Behavior<M>> factory;
  private final Optional<Duration> passivation;
  private final Optional<Optional<SnapshotPolicy>> snapshots;
  private final Optional<String> role;

  private EntitySpec(
      String typeName,
      Class<M> messageClass,
      Function<EntityContext<M>, Behavior<M>> factory,
      Optional<Duration> passivation,
      Optional<Optional<SnapshotPolicy>> snapshots,
      Optional<String> role) {
    this.typeName = typeName;
    this.messageClass = messageClass;
    this.factory = factory;
    this.passivation = passivation;
    this.snapshots = snapshots;
    this.role = role;
  }

  /**
   * An entity type named {@code typeName} (also the persistence id prefix: {@code typeName|id})
   * whose entities are created by {@code factory}. Passivation and snapshots take the defaults of
   * {@code atoll.sharding.passivation} and {@code atoll.sharding.snapshot} until overridden.
   *
   * @throws IllegalArgumentException if {@code typeName} is blank or contains {@code |}
   */
  public static <M> EntitySpec<M> of(
      String typeName, Class<M> messageClass, Function<EntityContext<M>, Behavior<M>> factory) {
    Objects.requireNonNull(messageClass, "messageClass");
    Objects.requireNonNull(factory, "factory");
    if (typeName.isBlank()) {
      throw new IllegalArgumentException("entity type name must not be blank");
    }
    if (typeName.contains(EntityContext.PERSISTENCE_ID_SEPARATOR)) {
      throw new IllegalArgumentException(
          "entity type name '" + typeName + "' must not contain '|': it separates type and id in persistence ids");
    }
    return new EntitySpec<>(
        typeName, messageClass, factory, Optional.empty(), Optional.empty(), Optional.empty());
  }

  /**
   * Stop an entity after it received no message for {@code idle}; it restarts on its next message.
   * {@link Duration#ZERO} turns passivation off.
   */
  public EntitySpec<M> withPassivation(Duration idle) {
    if (idle.isNegative()) {
      throw new IllegalArgumentException("passivation idle timeout " + idle + " must not be negative");
    }
    return new EntitySpec<>(typeName, messageClass, factory, Optional.of(idle), snapshots, role);
  }

  /** Never passivate idle entities of this type. */
  public EntitySpec<M> withoutPassivation() {
    return withPassivation(Duration.ZERO);
  }

  /** Snapshot every {@code every} events and keep the last {@code keep} snapshots. */
  public EntitySpec<M> withSnapshotEvery(int every, int keep) {
    return new EntitySpec<>(
        typeName, messageClass, factory, passivation,
        Optional.of(Optional.of(new SnapshotPolicy(every, keep))), role);
  }

  /** Take no snapshots: recovery replays every event. */
  public EntitySpec<M> withoutSnapshots() {
    return new EntitySpec<>(
        typeName, messageClass, factory, passivation, Optional.of(Optional.empty()), role);
  }

  /** Run the entities only on members with cluster role {@code role}. */
  public EntitySpec<M> withRole(String role) {
    if (role.isBlank()) {
      throw new IllegalArgumentException("role must not be blank");
    }
    return new EntitySpec<>(typeName, messageClass, factory, passivation, snapshots, Optional.of(role));
  }

  public String typeName() {
    return typeName;
  }

  public Class<M> messageClass() {
    return messageClass;
  }

  public Function<EntityContext<M>, Behavior<M>> factory() {
    return factory;
  }

  /** The idle timeout set on this spec ({@link Duration#ZERO}: off), or empty for the default. */
  public Optional<Duration> passivation() {
    return passivation;
  }

  /**
   * The snapshot policy set on this spec: empty for the default of {@code atoll.sharding.snapshot},
   * {@code Optional.of(Optional.empty())} for "no snapshots".
   */
  public Optional<Optional<SnapshotPolicy>> snapshots() {
    return snapshots;
  }

  public Optional<String> role() {
    return role;
  }

  @Override
  public String toString() {
    return "EntitySpec(" + typeName + ", " + messageClass.getName() + role.map(r -> ", role " + r).orElse("") + ")";
  }
}
