package dev.atoll.samples.chaos;

import java.util.List;
import java.util.Optional;

/**
 * One entry of a client history, in the style of Jepsen: every client operation appears as an
 * {@link Type#INVOKE} and then exactly one completion, {@link Type#OK}, {@link Type#FAIL} (it
 * certainly did not take effect) or {@link Type#INFO} (unknown: it may or may not have).
 *
 * @param client the client (logical process) that issued it; a client has one operation in flight
 * @param type invoke or a completion
 * @param kind {@link Kind#APPEND} of one event, or {@link Kind#READ} of an entity's events
 * @param persistenceId the entity
 * @param value for an append, the unique value of the event it tries to write
 * @param sequenceNr for an acknowledged append, the sequence number the event got, if known
 * @param read for a completed read, the values read in sequence number order (1..N)
 * @param nanoTime when it happened, on one monotonic clock shared by all clients
 */
public record Operation(
    int client,
    Type type,
    Kind kind,
    String persistenceId,
    Optional<String> value,
    Optional<Long> sequenceNr,
    List<String> read,
    long nanoTime) {

  public Operation {
    read = List.copyOf(read);
  }

  public enum Type {
    INVOKE,
    OK,
    FAIL,
    INFO
  }

  public enum Kind {
    APPEND,
    READ
  }

  public static Operation invokeAppend(int client, String persistenceId, String value, long nanoTime) {
    return new Operation(client, Type.INVOKE, Kind.APPEND, persistenceId, Optional.of(value), Optional.empty(), List.of(), nanoTime);
  }

  public static Operation appendOk(int client, String persistenceId, String value, long sequenceNr, long nanoTime) {
    return new Operation(client, Type.OK, Kind.APPEND, persistenceId, Optional.of(value), Optional.of(sequenceNr), List.of(), nanoTime);
  }

  public static Operation appendFailed(int client, String persistenceId, String value, long nanoTime) {
    return new Operation(client, Type.FAIL, Kind.APPEND, persistenceId, Optional.of(value), Optional.empty(), List.of(), nanoTime);
  }

  public static Operation appendUnknown(int client, String persistenceId, String value, long nanoTime) {
    return new Operation(client, Type.INFO, Kind.APPEND, persistenceId, Optional.of(value), Optional.empty(), List.of(), nanoTime);
  }

  public static Operation invokeRead(int client, String persistenceId, long nanoTime) {
    return new Operation(client, Type.INVOKE, Kind.READ, persistenceId, Optional.empty(), Optional.empty(), List.of(), nanoTime);
  }

  public static Operation readOk(int client, String persistenceId, List<String> values, long nanoTime) {
    return new Operation(client, Type.OK, Kind.READ, persistenceId, Optional.empty(), Optional.empty(), values, nanoTime);
  }

  public boolean isCompletion() {
    return type != Type.INVOKE;
  }
}
