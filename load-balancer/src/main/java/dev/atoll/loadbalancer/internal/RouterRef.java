package dev.atoll.loadbalancer.internal;

import org.apache.pekko.actor.ActorCell;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.FunctionRef;
import org.apache.pekko.actor.LocalActorRef;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

/**
 * A router's {@code ActorRef}, routing on the sender's thread: a Pekko {@link FunctionRef} whose
 * {@code tell} runs {@link MessageRouter#route} right there, so a routed message goes into one
 * mailbox only, the chosen routee's, as a direct tell does. Messages of the {@link
 * RouterController.Command} protocol go to the router's controller actor instead.
 *
 * <p>Why a FunctionRef: it is the lightest actor ref Pekko has that is still a real one (typed
 * message adapters are FunctionRefs too). It has a path, so it can be sent to other nodes, where
 * a message to it arrives through that path and is routed on the receiving thread; it can be
 * watched; and it stops, telling its watchers, when the actor that owns it stops. An earlier
 * version used Pekko's classic routed actor ref (a {@code CustomRouterConfig}), which also routes
 * on the sender's thread but wraps every message in an envelope and runs several layers of
 * router-cell code first: at 0 ns of work per message a tell through it cost about twice a direct
 * tell, against about 1.2 times through a FunctionRef (benchmarks/RESULTS.md).
 *
 * <p>Pekko offers FunctionRefs as internal API ({@code ActorCell.addFunctionRef}), which is what
 * this class relies on; it is the one place that does. The owner is the system guardian: it is
 * started before any router can be, lives as long as the ActorSystem, and its cell is at hand at
 * once, so the ref exists when {@code LoadBalancers.router(...)} returns, without waiting for an
 * actor to start. Adding a function ref to a cell is safe from any thread (Pekko does it with a
 * compare-and-set).
 */
public final class RouterRef {

  private RouterRef() {}

  /**
   * The ref of {@code router}, named {@code name} (its path is {@code /system/$$<id>-<name>}),
   * forwarding controller commands to {@code controller}.
   */
  public static ActorRef<Object> create(
      ActorSystem<?> system, String name, MessageRouter router, ActorRef<RouterController.Command> controller) {
    ExtendedActorSystem classic = (ExtendedActorSystem) system.classicSystem();
    ActorCell owner = ((LocalActorRef) classic.systemGuardian()).underlying();
    FunctionRef ref = owner.addFunctionRef(new Route(router, controller), name);
    return Adapter.toTyped(ref);
  }

  /** What a tell to the ref runs, on the sender's thread. */
  private static final class Route
      extends AbstractFunction2<org.apache.pekko.actor.ActorRef, Object, BoxedUnit> {

    private final MessageRouter router;
    private final ActorRef<RouterController.Command> controller;

    Route(MessageRouter router, ActorRef<RouterController.Command> controller) {
      this.router = router;
      this.controller = controller;
    }

    @Override
    public BoxedUnit apply(org.apache.pekko.actor.ActorRef sender, Object message) {
      if (message instanceof RouterController.Command command) {
        controller.tell(command);
      } else {
        router.route(message);
      }
      return BoxedUnit.UNIT;
    }
  }
}
