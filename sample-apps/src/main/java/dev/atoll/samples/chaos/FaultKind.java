package dev.atoll.samples.chaos;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The faults the chaos harness injects, by the names {@code --faults} takes. */
public enum FaultKind {
  /** SIGKILL, then a restart at once with the old data directory. */
  KILL,
  /** SIGSTOP for a while, then SIGCONT: a zombie that missed what happened meanwhile. */
  PAUSE,
  /** The node's address cut off from every other node's, both ways, for a while. */
  PARTITION,
  /** The node's data directory (its own tmpfs) full for a while. */
  DISK,
  /** SIGTERM: the node leaves the cluster gracefully; then it rejoins with its data directory. */
  LEAVE;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code kill,pause,...}; fails naming the unknown name and the known ones. */
  public static List<FaultKind> parseList(String names) {
    List<FaultKind> kinds = new ArrayList<>();
    for (String name : names.split(",")) {
      String trimmed = name.trim().toLowerCase(Locale.ROOT);
      if (trimmed.isEmpty()) {
        continue;
      }
      FaultKind kind = Arrays.stream(values()).filter(k -> k.label().equals(trimmed)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("--faults: unknown fault '" + trimmed + "' (known: "
              + String.join(",", Arrays.stream(values()).map(FaultKind::label).toList()) + ")"));
      if (!kinds.contains(kind)) {
        kinds.add(kind);
      }
    }
    if (kinds.isEmpty()) {
      throw new IllegalArgumentException("--faults: name at least one fault");
    }
    return kinds;
  }
}
