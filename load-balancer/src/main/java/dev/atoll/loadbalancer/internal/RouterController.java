package dev.atoll.loadbalancer.internal;

import dev.atoll.loadbalancer.spi.Routee;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.apache.pekko.cluster.ClusterActorRefProvider;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * Keeps one router's routee set: the routees registered with the Receptionist (a group router) or
 * spawned as its children (a pool router), less those on members that are unreachable, leaving or
 * down. Each change becomes a new {@link RoutingTable} published to the {@link MessageRouter},
 * which routes on the senders' threads; this actor never sees a routed message.
 *
 * <p>It runs as a system actor named {@code atoll-router-<name>}; the router's {@code ActorRef}
 * ({@link RouterRef}) forwards it the messages of its {@link Command} protocol.
 *
 * <p>Invariants: {@link #known} holds every routee the router knows, each with the slot (and so
 * the counters) it got when it first appeared; the last table published lists exactly the known
 * routees whose member the {@link MemberTracker} finds eligible.
 */
public final class RouterController {

  /** The controller's protocol; the router forwards these from its own {@code ActorRef} too. */
  public sealed interface Command permits ListingChanged, ClusterChanged, FoldDeparted {}

  record ListingChanged(Receptionist.Listing listing) implements Command {}

  /** A membership or reachability event, as the cluster subscription delivers it (tests send their own). */
  record ClusterChanged(ClusterEvent.ClusterDomainEvent event) implements Command {}

  /** The grace period of a routee that left is over: its count joins the departed total. */
  record FoldDeparted(RouteeSlot slot) implements Command {}

  /**
   * How long a routee that left keeps its own counter. Senders route with the table they read at
   * the start of their {@code tell}, so one may still count a message to a routee just removed;
   * folding its count only after this delay keeps the departed total exact unless a sender stalls
   * that long in the middle of a {@code tell}.
   */
  static final Duration FOLD_DELAY = Duration.ofSeconds(1);

  /**
   * The controller of {@code router}: a group router's when {@code poolBehavior} is null, else a
   * pool router's whose routees run {@code poolBehavior}.
   */
  public static <M> Behavior<Command> create(MessageRouter router, Class<M> messageClass, @Nullable Behavior<M> poolBehavior) {
    return Behaviors.setup(context -> new RouterController(context, router, messageClass, poolBehavior).behavior());
  }

  private final ActorContext<Command> context;
  private final MessageRouter router;
  private final MemberTracker members;
  private final Logger log;
  private final Map<ActorRef<Object>, RouteeSlot> known = new HashMap<>();
  private final List<RouteeSlot> departing = new ArrayList<>();
  private long departedFolded;
  private RoutingTable published = RoutingTable.EMPTY;

  private <M> RouterController(
      ActorContext<Command> context, MessageRouter router, Class<M> messageClass, @Nullable Behavior<M> poolBehavior) {
    this.context = context;
    this.router = router;
    this.log = context.getLog();
    boolean clustered = context.getSystem().classicSystem().provider() instanceof ClusterActorRefProvider;
    Address selfAddress =
        clustered ? Cluster.get(context.getSystem()).selfMember().address() : context.getSystem().address();
    this.members = new MemberTracker(selfAddress);

    if (clustered) {
      Cluster cluster = Cluster.get(context.getSystem());
      cluster.subscriptions().tell(Subscribe.create(
          context.messageAdapter(ClusterEvent.MemberEvent.class, ClusterChanged::new).narrow(),
          ClusterEvent.MemberEvent.class));
      cluster.subscriptions().tell(Subscribe.create(
          context.messageAdapter(ClusterEvent.ReachabilityEvent.class, ClusterChanged::new).narrow(),
          ClusterEvent.ReachabilityEvent.class));
    }
    if (poolBehavior != null) {
      spawnPool(poolBehavior);
    } else {
      ServiceKey<M> key = ServiceKey.create(messageClass, router.settings().service().orElseThrow());
      context.getSystem().receptionist().tell(Receptionist.subscribe(
          key, context.messageAdapter(Receptionist.Listing.class, ListingChanged::new)));
    }
    publish(true); // the first table also releases the messages sent before it
    log.info("router {} started: {} ({}) {} of {}", router.settings().name(), router.settings().describeStrategy(),
        router.strategyClassName(), router.settings().describeRoutees(), messageClass.getName());
  }

  @SuppressWarnings("unchecked")
  private <M> void spawnPool(Behavior<M> poolBehavior) {
    Behavior<M> supervised = Behaviors.supervise(poolBehavior).onFailure(SupervisorStrategy.restart());
    for (int i = 0; i < router.settings().poolSize().orElseThrow(); i++) {
      ActorRef<Object> child = (ActorRef<Object>) (ActorRef<?>) context.spawn(supervised, "routee-" + i);
      context.watch(child);
      known.put(child, slotFor(child));
    }
  }

  private Behavior<Command> behavior() {
    return Behaviors.receive(Command.class)
        .onMessage(ListingChanged.class, changed -> onListing(changed.listing()))
        .onMessage(ClusterChanged.class, changed -> {
          if (members.apply(changed.event())) {
            publish(false);
          }
          return Behaviors.same();
        })
        .onMessage(FoldDeparted.class, fold -> {
          departing.remove(fold.slot());
          departedFolded += fold.slot().sent.sum();
          publish(true);
          return Behaviors.same();
        })
        .onSignal(Terminated.class, this::onRouteeStopped)
        .build();
  }

  @SuppressWarnings("unchecked")
  private Behavior<Command> onListing(Receptionist.Listing listing) {
    ServiceKey<Object> key = (ServiceKey<Object>) listing.getKey();
    // All instances, unreachable ones included: reachability is this router's call (MemberTracker).
    Set<ActorRef<Object>> listed = listing.getAllServiceInstances(key);
    for (ActorRef<Object> ref : listed) {
      known.computeIfAbsent(ref, this::slotFor);
    }
    List<ActorRef<Object>> gone = new ArrayList<>(known.keySet());
    gone.removeAll(listed);
    gone.forEach(ref -> depart(known.remove(ref)));
    publish(false);
    return Behaviors.same();
  }

  private Behavior<Command> onRouteeStopped(Terminated terminated) {
    RouteeSlot slot = known.remove(terminated.getRef());
    if (slot != null) {
      depart(slot);
      log.warn("router {}: routee {} stopped; {} left", router.settings().name(), slot.id(), known.size());
      publish(false);
    }
    return Behaviors.same();
  }

  private void depart(RouteeSlot slot) {
    departing.add(slot);
    context.scheduleOnce(FOLD_DELAY, context.getSelf(), new FoldDeparted(slot));
  }

  private RouteeSlot slotFor(ActorRef<Object> ref) {
    Address address = members.memberOf(ref.path().address());
    String id = ref.path().toStringWithAddress(address);
    return new RouteeSlot(new Routee(id, address, members.rolesOf(address)), ref);
  }

  /** Publishes the table of the routees now known and eligible, unless it equals the last one. */
  private void publish(boolean always) {
    List<RouteeSlot> all = new ArrayList<>(known.values());
    all.sort(Comparator.comparing(RouteeSlot::id));
    List<RouteeSlot> eligible = new ArrayList<>();
    // Roles may have arrived after the routee: the strategy sees each member's current roles.
    List<Routee> routees = new ArrayList<>();
    for (RouteeSlot slot : all) {
      if (members.isEligible(slot.routee.address())) {
        eligible.add(slot);
        routees.add(new Routee(slot.id(), slot.routee.address(), members.rolesOf(slot.routee.address())));
      }
    }
    if (!always && all.equals(published.known()) && routees.equals(published.routees())
        && sameSlots(eligible, published)) {
      return;
    }
    published = new RoutingTable(all, eligible, routees, departing, departedFolded);
    router.publish(published);
    log.debug("router {}: {} eligible of {} known routees", router.settings().name(), eligible.size(), all.size());
  }

  private static boolean sameSlots(List<RouteeSlot> eligible, RoutingTable table) {
    if (eligible.size() != table.eligibleCount()) {
      return false;
    }
    for (int i = 0; i < eligible.size(); i++) {
      if (eligible.get(i) != table.eligible(i)) {
        return false;
      }
    }
    return true;
  }
}
