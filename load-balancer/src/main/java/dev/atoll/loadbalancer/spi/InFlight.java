package dev.atoll.loadbalancer.spi;

/**
 * The router's count of requests in flight per routee, by index into the routee list given to
 * {@link RoutingStrategy#select}. A request is in flight from the moment the router sends a
 * {@link dev.atoll.loadbalancer.RoutedRequest} to a routee until the routee's reply passes back
 * through the router (or the reply timeout fires). Plain messages, which get no reply the router
 * can see, are never counted.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface InFlight {

  /** Requests in flight to the routee at {@code index}; 0 or more. */
  int of(int index);
}
