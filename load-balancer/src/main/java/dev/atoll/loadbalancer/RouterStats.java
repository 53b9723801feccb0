package dev.atoll.loadbalancer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A snapshot of one router's counters. Counting starts when the router starts. Senders route on
 * their own threads, so each counter is exact but they are read one after another: while messages
 * flow, figures may be a few messages apart; once traffic stops they add up exactly.
 *
 * @param router the router's name
 * @param strategy its strategy ({@link Strategy#CUSTOM} for a class of your own)
 * @param strategyClass the class of the {@link dev.atoll.loadbalancer.spi.RoutingStrategy} it runs
 * @param routees every routee the router currently knows, in routee-id order, eligible or not
 * @param unroutable messages the router could not route (no eligible routee, or a message the
 *     strategy cannot route): each was answered with an error or sent to dead letters with a log line
 * @param sentToDepartedRoutees messages sent to routees that have since stopped or deregistered
 *     (their own rows are gone; this keeps {@link #sent()} + {@link #unroutable()} equal to all
 *     messages received)
 * @since 0.1.0
 */
public record RouterStats(
    String router,
    Strategy strategy,
    String strategyClass,
    List<RouteeStats> routees,
    long unroutable,
    long sentToDepartedRoutees) {

  public RouterStats {
    routees = List.copyOf(routees);
  }

  /**
   * One routee's counters.
   *
   * @param routeeId the routee's id ({@link dev.atoll.loadbalancer.spi.Routee#id()})
   * @param eligible whether the router routes to it now (false while its member is unreachable,
   *     leaving or down)
   * @param sent messages routed to it
   * @param inFlight {@link RoutedRequest}s sent to it and not yet answered (nor timed out)
   */
  public record RouteeStats(String routeeId, boolean eligible, long sent, int inFlight) {}

  /** Messages routed to any routee, departed ones included. */
  public long sent() {
    return sentToDepartedRoutees + routees.stream().mapToLong(RouteeStats::sent).sum();
  }

  /** Requests in flight over all routees. */
  public int inFlight() {
    return routees.stream().mapToInt(RouteeStats::inFlight).sum();
  }

  /** Messages routed per current routee id, in routee-id order. */
  public Map<String, Long> sentPerRoutee() {
    Map<String, Long> result = new LinkedHashMap<>();
    routees.forEach(r -> result.put(r.routeeId(), r.sent()));
    return result;
  }
}
