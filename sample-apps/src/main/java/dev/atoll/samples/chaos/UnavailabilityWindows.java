package dev.atoll.samples.chaos;

import dev.atoll.samples.chaos.Operation.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The periods in which an entity could not be written: from the first failed or unknown append
 * after a successful one, to the next successful append of that entity. Their lengths are the
 * failover times clients actually felt.
 *
 * @param windows every window, in the order they closed
 */
public record UnavailabilityWindows(List<Window> windows) {

  public UnavailabilityWindows {
    windows = List.copyOf(windows);
  }

  /** One window of one entity, in nanoseconds on the history's clock. */
  public record Window(String persistenceId, long fromNanos, long toNanos) {
    public double seconds() {
      return (toNanos - fromNanos) / 1e9;
    }
  }

  static UnavailabilityWindows of(List<Operation> history) {
    Map<String, Long> openSince = new HashMap<>();
    Map<String, Long> invokedAt = new HashMap<>();
    List<Window> windows = new ArrayList<>();
    for (Operation op : history) {
      if (op.kind() != Operation.Kind.APPEND) {
        continue;
      }
      String value = op.value().orElseThrow();
      if (op.type() == Type.INVOKE) {
        invokedAt.put(value, op.nanoTime());
      } else if (op.type() == Type.OK) {
        Long since = openSince.remove(op.persistenceId());
        if (since != null) {
          windows.add(new Window(op.persistenceId(), since, op.nanoTime()));
        }
      } else {
        // The entity has been unavailable since this failed attempt was made.
        openSince.putIfAbsent(op.persistenceId(), invokedAt.getOrDefault(value, op.nanoTime()));
      }
    }
    return new UnavailabilityWindows(windows);
  }

  public double medianSeconds() {
    if (windows.isEmpty()) {
      return 0;
    }
    List<Double> seconds = new ArrayList<>();
    windows.forEach(w -> seconds.add(w.seconds()));
    seconds.sort(Double::compare);
    int n = seconds.size();
    return n % 2 == 1 ? seconds.get(n / 2) : (seconds.get(n / 2 - 1) + seconds.get(n / 2)) / 2;
  }

  public double maxSeconds() {
    return windows.stream().mapToDouble(Window::seconds).max().orElse(0);
  }
}
