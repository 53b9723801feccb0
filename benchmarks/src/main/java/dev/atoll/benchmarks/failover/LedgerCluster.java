package dev.atoll.benchmarks.failover;

import java.util.List;

/**
 * Three ledger nodes, each its own JVM on this machine, started fresh for one failover round and
 * stopped (SIGKILL by PID) when closed. Atoll's and the Pekko baseline's differ in how they start
 * and in how they tell where a ledger lives; {@link FailoverRound} drives both the same way.
 */
interface LedgerCluster extends AutoCloseable {

  int SIZE = 3;

  /** Starts the three node JVMs; returns at once. */
  void start() throws Exception;

  /** Whether every node sees all three members Up and reachable. */
  boolean formed();

  /** Node {@code i}'s ledger API port. */
  int httpPort(int i);

  /** Of {@code ledgers} (each acknowledged an append already), those that node {@code victim} serves. */
  List<String> servedBy(int victim, List<String> ledgers) throws Exception;

  /** SIGKILLs node {@code i}. */
  void kill(int i) throws InterruptedException;

  /** The last lines of node {@code i}'s output, for error messages. */
  String tail(int i);

  @Override
  void close() throws InterruptedException;
}
