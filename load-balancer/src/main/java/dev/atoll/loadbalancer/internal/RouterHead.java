package dev.atoll.loadbalancer.internal;

import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.apache.pekko.routing.CustomRouterConfig;
import org.apache.pekko.routing.Routee;
import org.apache.pekko.routing.Router;
import org.apache.pekko.routing.RoutingLogic;
import scala.Option;
import scala.collection.immutable.IndexedSeq;

/**
 * Makes a router's {@code ActorRef} route on the sender's thread, with Pekko's own machinery for
 * that: the router is started from {@link #props()}, so Pekko creates a routed actor ref for it,
 * whose {@code tell} runs the routing logic (here: {@link MessageRouter#route}) on the calling thread
 * and never enqueues the message anywhere but in the chosen routee's mailbox. This is how Pekko's
 * classic routers are built (their "head" actor only handles management messages); the typed
 * {@code Routers} instead put an actor, and so a mailbox hop, in front of every message.
 *
 * <p>The head actor starts the {@link RouterController} as its {@code routingLogicController}
 * child and forwards it every {@link RouterController.Command} sent to the router. Nothing else
 * reaches the head actor but Pekko's own management messages ({@code GetRoutees}, {@code
 * AddRoutee}), which change nothing and list no routee: routees live in the {@link RoutingTable},
 * not in Pekko's {@link Router}.
 *
 * <p>The router's {@code ActorRef} works like any other: it can be watched, sent to other nodes
 * (where a message to it arrives through the head's path and is routed on the receiving thread),
 * and it stops when the system stops.
 */
public final class RouterHead extends CustomRouterConfig {

  private final transient MessageRouter router;
  private final transient Props controller;

  public RouterHead(MessageRouter router, Props controller) {
    this.router = router;
    this.controller = controller;
  }

  /** The props to start the router with, e.g. with {@code systemActorOf}. */
  public Props props() {
    return Props.empty().withRouter(this);
  }

  @Override
  public Router createRouter(ActorSystem system) {
    return new Router(new OnSendersThread(router));
  }

  @Override
  public Option<Props> routingLogicController(RoutingLogic routingLogic) {
    return Option.apply(controller);
  }

  @Override
  public boolean isManagementMessage(Object message) {
    return message instanceof RouterController.Command || super.isManagementMessage(message);
  }

  /** Pekko's routers stop when their last routee is removed; this one's routees come and go. */
  @Override
  public boolean stopRouterWhenAllRouteesRemoved() {
    return false;
  }

  /**
   * Pekko's hook into the send path: one instance, both the logic and the single "routee" it picks.
   * A plain class, not a record: Pekko compares the routee with {@code ==} (so {@code equals}) on
   * every message, and identity equality is the cheapest.
   */
  private static final class OnSendersThread implements RoutingLogic, Routee {

    private final MessageRouter router;

    OnSendersThread(MessageRouter router) {
      this.router = router;
    }

    @Override
    public Routee select(Object message, IndexedSeq<Routee> routees) {
      return this;
    }

    @Override
    public void send(Object message, ActorRef sender) {
      router.route(message);
    }
  }
}
