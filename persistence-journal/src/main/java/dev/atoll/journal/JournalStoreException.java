package dev.atoll.journal;

import java.nio.file.Path;

/**
 * The embedded journal's storage could not do what was asked, and the message says why and where:
 * the data directory is locked by another node, a file is corrupted, the disk is full, or the
 * store is already closed. Thrown when the store is opened (the node must not start) and used to
 * fail a write whose outcome is unknown (the persist fails; the caller must assume the events may
 * or may not have been stored, see {@link #directory()}).
 *
 * @since 0.1.0
 */
public final class JournalStoreException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient Path directory;

  public JournalStoreException(Path directory, String message, Throwable cause) {
    super(message, cause);
    this.directory = directory;
  }

  public JournalStoreException(Path directory, String message) {
    super(message);
    this.directory = directory;
  }

  /** The journal data directory the failure concerns. */
  public Path directory() {
    return directory;
  }
}
