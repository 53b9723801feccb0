package dev.atoll.journal.internal;

import java.util.List;
import java.util.Locale;

/** When the {@link LogStore} forces its write-ahead log to disk ({@code atoll.journal.sync}). */
public enum SyncMode {
  /** Every group commit is fsynced before any write in it is acknowledged. */
  BATCH,
  /** Writes are acknowledged once handed to the OS; the log is fsynced every sync-interval. */
  INTERVAL,
  /** The log is never fsynced explicitly; the OS writes it back when it likes. */
  OFF;

  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The mode named {@code name} in config, or null if there is none. */
  public static SyncMode parse(String name) {
    for (SyncMode mode : values()) {
      if (mode.configName().equals(name)) {
        return mode;
      }
    }
    return null;
  }

  public static List<String> names() {
    return List.of("batch", "interval", "off");
  }
}
