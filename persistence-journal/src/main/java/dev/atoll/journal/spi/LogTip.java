package dev.atoll.journal.spi;


/**
 * The last entry of a persistence id's log at a replica. Logs compare like Raft's: the later epoch
 * is more up to date, whatever its length; for the same epoch the longer one is.
 */
public record LogTip(long sequenceNr, Epoch epoch) implements Comparable<LogTip> {

  public static final LogTip EMPTY = new LogTip(0, Epoch.NONE);

  @Override
  public int compareTo(LogTip other) {
    int byEpoch = epoch.compareTo(other.epoch);
    return byEpoch != 0 ? byEpoch : Long.compare(sequenceNr, other.sequenceNr);
  }
}
