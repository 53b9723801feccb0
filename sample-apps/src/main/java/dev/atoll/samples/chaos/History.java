package dev.atoll.samples.chaos;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A thread-safe, append-only recorder of client {@link Operation}s. Clients record the invoke
 * before sending and the completion after the reply (or the timeout), so that the real-time order
 * of operations is preserved for the checker.
 */
public final class History {

  private final List<Operation> operations = new ArrayList<>();

  public synchronized void record(Operation operation) {
    operations.add(operation);
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
