package dev.atoll.samples.launcher;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The demo's transfer clients: each one starts random transfers between the demo's accounts, one
 * at a time, through the bank API, and retries a transfer (same id, on the next node) until it has
 * an outcome. Every transfer it ever sent is remembered, so that {@link #settle} can finish the ones
 * that had no outcome when driving stopped and the invariant can be checked against every outcome.
 *
 * <p>Disruptions (a SIGKILL, a restart) are marked with {@link #disruption}; a transfer that gets
 * no answer after a disruption is <em>affected</em> by it, and its recovery time is the time from
 * the disruption to its first answer.
 */
final class TransferDriver {

  /** A transfer as a client asked for it. */
  record Request(String id, String from, String to, long amount) {}

  /** A finished transfer: COMPLETED or FAILED, and why it failed. */
  record Outcome(Request request, String phase, String reason) {
    boolean completed() {
      return phase.equals("COMPLETED");
    }
  }

  /** A SIGKILL or a restart, and the recovery time of each transfer it affected. */
  static final class Disruption {
    final String what;
    final long nanoTime;
    final ConcurrentLinkedQueue<Duration> recoveries = new ConcurrentLinkedQueue<>();

    Disruption(String what, long nanoTime) {
      this.what = what;
      this.nanoTime = nanoTime;
    }
  }

  private final BankClient bank;
  private final List<String> accounts;
  private final long maxAmount;
  private final String runId;
  private final Map<String, Request> sent = new ConcurrentHashMap<>();
  private final Map<String, Outcome> outcomes = new ConcurrentHashMap<>();
  private final Map<String, String> refused = new ConcurrentHashMap<>();
  private final AtomicLong retries = new AtomicLong();
  private final List<Disruption> disruptions = new ArrayList<>();

  TransferDriver(BankClient bank, List<String> accounts, long maxAmount, String runId) {
    this.bank = bank;
    this.accounts = List.copyOf(accounts);
    this.maxAmount = maxAmount;
    this.runId = runId;
  }

  /** Marks a disruption now: transfers without an answer from now on count as affected by it. */
  synchronized Disruption disruption(String what) {
    Disruption disruption = new Disruption(what, System.nanoTime());
    disruptions.add(disruption);
    return disruption;
  }

  synchronized List<Disruption> disruptions() {
    return List.copyOf(disruptions);
  }

  private synchronized Disruption latestDisruption() {
    return disruptions.isEmpty() ? null : disruptions.get(disruptions.size() - 1);
  }

  /** Runs {@code clients} clients until {@code duration} has passed; returns when all stopped. */
  void drive(int clients, Duration duration) throws InterruptedException {
    long deadline = System.nanoTime() + duration.toNanos();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        int client = c;
        running.add(pool.submit(() -> runClient(client, deadline)));
      }
      for (Future<?> future : running) {
        try {
          future.get();
        } catch (java.util.concurrent.ExecutionException e) {
          throw new IllegalStateException("a transfer client failed", e.getCause());
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private void runClient(int client, long deadline) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    int node = client % bank.nodes();
    for (long n = 0; System.nanoTime() < deadline && !Thread.currentThread().isInterrupted(); n++) {
      int from = random.nextInt(accounts.size());
      int to = (from + 1 + random.nextInt(accounts.size() - 1)) % accounts.size();
      Request request = new Request(runId + "-c" + client + "-" + n, accounts.get(from), accounts.get(to), 1 + random.nextLong(maxAmount));
      sent.put(request.id(), request);
      node = untilAnswered(request, node, deadline);
    }
  }

  /**
   * Sends {@code request} until it has an outcome or {@code deadline} passes, moving to the next
   * node after each unanswered attempt; returns the node to use next.
   */
  private int untilAnswered(Request request, int node, long deadline) {
    Disruption affectedBy = null;
    while (true) {
      BankClient.Answer answer = bank.transfer(node, request.id(), request.from(), request.to(), request.amount());
      if (!answer.unknown()) {
        if (affectedBy != null) {
          affectedBy.recoveries.add(Duration.ofNanos(System.nanoTime() - affectedBy.nanoTime));
        }
        record(request, answer);
        return node;
      }
      if (affectedBy == null) {
        affectedBy = latestDisruption();
      }
      retries.incrementAndGet();
      node = (node + 1) % bank.nodes();
      if (System.nanoTime() >= deadline) {
        return node;
      }
      pause(100);
    }
  }

  private void record(Request request, BankClient.Answer answer) {
    if (answer.ok() && (answer.text("phase").equals("COMPLETED") || answer.text("phase").equals("FAILED"))) {
      outcomes.put(request.id(), new Outcome(request, answer.text("phase"), answer.text("reason")));
    } else {
      refused.put(request.id(), answer.code() + " " + answer.body());
    }
  }

  /**
   * Sends every transfer without an outcome again, from {@code clients} threads, until each has
   * one or {@code timeout} passes; returns those still without one.
   */
  List<Request> settle(int clients, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<Request> open = unfinished();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      ConcurrentLinkedQueue<Request> queue = new ConcurrentLinkedQueue<>(open);
      List<Future<?>> running = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        int client = c;
        running.add(pool.submit(() -> {
          int node = client % bank.nodes();
          for (Request request = queue.poll(); request != null; request = queue.poll()) {
            node = untilAnswered(request, node, deadline);
          }
        }));
      }
      for (Future<?> future : running) {
        try {
          future.get();
        } catch (java.util.concurrent.ExecutionException e) {
          throw new IllegalStateException("a settling client failed", e.getCause());
        }
      }
    } finally {
      pool.shutdownNow();
    }
    return unfinished();
  }

  private List<Request> unfinished() {
    return sent.values().stream().filter(r -> !outcomes.containsKey(r.id()) && !refused.containsKey(r.id())).toList();
  }

  Collection<Outcome> outcomes() {
    return outcomes.values();
  }

  /** Transfers the API refused (a 4xx): a bug in the demo or the API, since the demo sends only valid ones. */
  Map<String, String> refused() {
    return refused;
  }

  long sentCount() {
    return sent.size();
  }

  long finishedCount() {
    return outcomes.size();
  }

  long retries() {
    return retries.get();
  }

  long unfinishedCount() {
    return unfinished().size();
  }

  private static void pause(long millis) {
    try {
      TimeUnit.MILLISECONDS.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
