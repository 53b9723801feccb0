package dev.atoll.samples.chaos;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A thread-safe, append-only recorder of client {@link Operation}s. Clients record the invoke
 * before sending and the completion after the reply (or the timeout), so that the real-time order
 * of operations is preserved for the checker.
 */
public final class History {

  private final List<Operation> operations = new ArrayList<>();
  // one instance of each appended value, shared by every read that returns it
  private final Map<String, String> appendedValues = new HashMap<>();

  public synchronized void record(Operation operation) {
    operations.add(sharingValues(operation));
  }

  /**
   * A read returns every value of its ledger, each a fresh string from the reply; a soak reads
   * long ledgers many times, and keeping those copies once ran the driver out of heap (a 1 GB
   * driver, 133k operations). The read keeps references to the values its appends recorded.
   */
  private Operation sharingValues(Operation operation) {
    if (operation.kind() == Operation.Kind.APPEND && operation.type() == Operation.Type.INVOKE) {
      operation.value().ifPresent(value -> appendedValues.putIfAbsent(value, value));
      return operation;
    }
    if (operation.kind() != Operation.Kind.READ || operation.read().isEmpty()) {
      return operation;
    }
    List<String> shared = new ArrayList<>(operation.read().size());
    for (String value : operation.read()) {
      shared.add(appendedValues.getOrDefault(value, value));
    }
    return new Operation(
        operation.client(), operation.type(), operation.kind(), operation.persistenceId(),
        operation.value(), operation.sequenceNr(), shared, operation.nanoTime());
  }

  /** The operations recorded so far, in the order they were recorded. */
  public synchronized List<Operation> operations() {
    return Collections.unmodifiableList(new ArrayList<>(operations));
  }

  public static History of(List<Operation> operations) {
    History history = new History();
    operations.forEach(history::record);
    return history;
  }
}
