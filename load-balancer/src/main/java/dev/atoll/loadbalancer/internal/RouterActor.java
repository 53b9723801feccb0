package dev.atoll.loadbalancer.internal;

import dev.atoll.loadbalancer.RoutedRequest;
import dev.atoll.loadbalancer.RouterSettings;
import dev.atoll.loadbalancer.RouterStats;
import dev.atoll.loadbalancer.spi.InFlight;
import dev.atoll.loadbalancer.spi.Routee;
import dev.atoll.loadbalancer.spi.RoutingStrategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
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
import org.apache.pekko.pattern.StatusReply;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * One router: an actor that receives the users' messages and forwards each to the routee its
 * {@link RoutingStrategy} picks.
 *
 * <p>Why Atoll's own actor rather than Pekko's {@code Routers.group}/{@code Routers.pool}: every
 * router must count messages per routee, track requests in flight, skip routees on members that
 * are leaving or down (not only unreachable), and answer ask-style messages with an error when no
 * routee is left; Pekko's typed routers expose none of this. The hot path stays a tell: one strategy
 * call, one counter increment, one forward.
 *
 * <p>Invariants: {@link #eligible}, {@link #eligibleRoutees} and {@link #eligibleRefs} hold the
 * same routees in the same (ascending id) order, and are the known routees whose member the {@link
 * MemberTracker} finds eligible; the strategy has been told about exactly this list. Every request
 * counted in flight is uncounted exactly once, by its reply or by its timeout.
 */
public final class RouterActor {

  /** Messages of the router's own protocol; anything else is a user message to route. */
  public sealed interface Internal permits GetStats, ListingChanged, ClusterChanged, ReplyReturned {}

  /** Replies with the router's {@link RouterStats}. */
  public record GetStats(ActorRef<RouterStats> replyTo) implements Internal {}

  record ListingChanged(Receptionist.Listing listing) implements Internal {}

  record ClusterChanged(ClusterEvent.ClusterDomainEvent event) implements Internal {}

  record ReplyReturned(
      RouteeSlot slot, ActorRef<StatusReply<Object>> replyTo, @Nullable StatusReply<Object> reply, @Nullable Throwable failure)
      implements Internal {}

  /** A routee known to the router, with its counters. Confined to the router actor. */
  static final class RouteeSlot {
    final Routee routee;
    final ActorRef<Object> ref;
    long sent;
    int inFlight;
    boolean eligible;

    RouteeSlot(Routee routee, ActorRef<Object> ref) {
      this.routee = routee;
      this.ref = ref;
    }
  }

  private static final Duration WARN_INTERVAL = Duration.ofSeconds(1);
  @SuppressWarnings("rawtypes")
  private static final scala.reflect.ClassTag<StatusReply> STATUS_REPLY = scala.reflect.ClassTag$.MODULE$.apply(StatusReply.class);

  /**
   * A group router over Receptionist service {@code settings.service()}, or a pool router of
   * {@code settings.poolSize()} children running {@code poolBehavior}.
   */
  public static <M> Behavior<Object> create(
      RouterSettings settings,
      Class<M> messageClass,
      @Nullable Behavior<M> poolBehavior,
      Supplier<RoutingStrategy> strategy) {
    return Behaviors.setup(
        context -> new RouterActor(context, settings, messageClass, poolBehavior, strategy.get()).behavior());
  }

  private final ActorContext<Object> context;
  private final RouterSettings settings;
  private final Class<?> messageClass;
  private final RoutingStrategy strategy;
  private final MemberTracker members;
  private final Logger log;
  private final org.apache.pekko.util.Timeout replyTimeout;
  private final Map<ActorRef<Object>, RouteeSlot> known = new HashMap<>();
  private RouteeSlot[] eligible = new RouteeSlot[0];
  private List<Routee> eligibleRoutees = List.of();
  private final InFlight inFlight = index -> eligible[index].inFlight;
  private long unroutable;
  private long sentToDepartedRoutees;
  private long unroutableSinceWarning;
  private long lastWarningNanos = System.nanoTime() - WARN_INTERVAL.toNanos();

  private <M> RouterActor(
      ActorContext<Object> context,
      RouterSettings settings,
      Class<M> messageClass,
      @Nullable Behavior<M> poolBehavior,
      RoutingStrategy strategy) {
    this.context = context;
    this.settings = settings;
    this.messageClass = messageClass;
    this.strategy = strategy;
    this.log = context.getLog();
    this.replyTimeout = org.apache.pekko.util.Timeout.create(settings.replyTimeout());
    boolean clustered = context.getSystem().classicSystem().provider() instanceof ClusterActorRefProvider;
    Address selfAddress =
        clustered ? Cluster.get(context.getSystem()).selfMember().address() : context.getSystem().address();
    this.members = new MemberTracker(selfAddress);
    strategy.onRouteesChanged(eligibleRoutees);

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
      ServiceKey<M> key = ServiceKey.create(messageClass, settings.service().orElseThrow());
      context.getSystem().receptionist().tell(Receptionist.subscribe(
          key, context.messageAdapter(Receptionist.Listing.class, ListingChanged::new)));
    }
    log.info("router {} started: {} ({}) {} of {}", settings.name(), settings.strategy().configName(),
        strategy.getClass().getSimpleName(),
        settings.describeRoutees(), messageClass.getName());
  }

  @SuppressWarnings("unchecked")
  private <M> void spawnPool(Behavior<M> poolBehavior) {
    Behavior<M> supervised = Behaviors.supervise(poolBehavior).onFailure(SupervisorStrategy.restart());
    for (int i = 0; i < settings.poolSize().orElseThrow(); i++) {
      ActorRef<Object> child = (ActorRef<Object>) (ActorRef<?>) context.spawn(supervised, "routee-" + i);
      context.watch(child);
      known.put(child, slotFor(child));
    }
    rebuildEligible();
  }

  private Behavior<Object> behavior() {
    return Behaviors.receive(Object.class)
        .onMessage(Internal.class, this::onInternal)
        .onSignal(Terminated.class, this::onRouteeStopped)
        .onAnyMessage(this::route)
        .build();
  }

  // ---- the hot path ----------------------------------------------------------------------------

  private Behavior<Object> route(Object message) {
    if (!messageClass.isInstance(message)) {
      log.warn("router {} dropped a {}: it routes {} only", settings.name(), message.getClass().getName(),
          messageClass.getName());
      return Behaviors.unhandled();
    }
    Optional<String> cannotRoute = strategy.cannotRoute(message);
    if (cannotRoute.isPresent()) {
      unroutable(message, cannotRoute.get());
      return Behaviors.same();
    }
    int index = strategy.select(message, eligibleRoutees, inFlight);
    if (index == RoutingStrategy.NO_ROUTEE) {
      unroutable(message, noRouteeReason());
      return Behaviors.same();
    }
    if (index < 0 || index >= eligible.length) {
      unroutable(message, "strategy " + strategy.getClass().getName() + " chose routee " + index
          + " of " + eligible.length + " (a bug in the strategy)");
      return Behaviors.same();
    }
    RouteeSlot slot = eligible[index];
    slot.sent++;
    if (message instanceof RoutedRequest<?> request) {
      sendTracked(slot, request);
    } else {
      slot.ref.tell(message);
    }
    return Behaviors.same();
  }

  /**
   * Step 2 of {@link RoutedRequest}'s protocol: the reply comes back here, then goes on to the sender.
   *
   * <p>Uses the Scala DSL's {@code ask}, whose completion reaches this actor through Pekko's
   * parasitic execution context. The Java DSL's {@code ActorContext.ask} completes through a
   * {@code CompletionStage} that hands every reply to the JDK common pool, which on a 2-core
   * machine starts a thread per reply: measured here, 1.6k instead of 66k to 125k requests/s.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private void sendTracked(RouteeSlot slot, RoutedRequest<?> request) {
    slot.inFlight++;
    ActorRef<StatusReply<Object>> replyTo = (ActorRef<StatusReply<Object>>) (ActorRef<?>) request.replyTo();
    RoutedRequest<Object> typed = (RoutedRequest<Object>) request;
    scala.Function1<ActorRef<StatusReply>, Object> createRequest =
        routerSide -> messageClass.cast(typed.withReplyTo((ActorRef) routerSide));
    scala.Function1<scala.util.Try<StatusReply>, Object> onReply =
        outcome -> outcome.isSuccess()
            ? new ReplyReturned(slot, replyTo, outcome.get(), null)
            : new ReplyReturned(slot, replyTo, null, outcome.failed().get());
    context.asScala().ask(slot.ref, (scala.Function1) createRequest, (scala.Function1) onReply, replyTimeout, STATUS_REPLY);
  }

  private void onReplyReturned(ReplyReturned returned) {
    returned.slot().inFlight--;
    if (returned.reply() != null) {
      returned.replyTo().tell(returned.reply());
    } else {
      returned.replyTo().tell(StatusReply.error("router " + settings.name() + ": no reply from routee "
          + returned.slot().routee.id() + " within " + settings.replyTimeout().toMillis() + " ms"));
    }
  }

  /** Never silent: an ask-style sender gets the reason at once; a plain message goes to dead letters. */
  @SuppressWarnings("unchecked")
  private void unroutable(Object message, String reason) {
    unroutable++;
    unroutableSinceWarning++;
    String text = "router " + settings.name() + " cannot route " + message.getClass().getSimpleName() + ": " + reason;
    if (message instanceof RoutedRequest<?> request) {
      ((ActorRef<StatusReply<Object>>) (ActorRef<?>) request.replyTo()).tell(StatusReply.error(text));
    } else {
      context.getSystem().deadLetters().tell(message);
    }
    long now = System.nanoTime();
    if (now - lastWarningNanos >= WARN_INTERVAL.toNanos()) {
      log.warn("{} ({} unroutable since the last warning, {} in total)", text, unroutableSinceWarning, unroutable);
      lastWarningNanos = now;
      unroutableSinceWarning = 0;
    }
  }

  private String noRouteeReason() {
    if (known.isEmpty()) {
      return settings.isPool()
          ? "every routee of the pool has stopped"
          : "no routee is registered for service \"" + settings.service().orElseThrow() + "\" on any reachable member";
    }
    return "none of its " + known.size() + " routees is eligible (their members are unreachable, leaving or down)";
  }

  // ---- routee set ------------------------------------------------------------------------------

  private Behavior<Object> onInternal(Internal message) {
    if (message instanceof ReplyReturned returned) {
      onReplyReturned(returned);
    } else if (message instanceof ListingChanged changed) {
      onListing(changed.listing());
    } else if (message instanceof ClusterChanged changed) {
      if (members.apply(changed.event())) {
        rebuildEligible();
      }
    } else if (message instanceof GetStats get) {
      get.replyTo().tell(stats());
    }
    return Behaviors.same();
  }

  @SuppressWarnings("unchecked")
  private void onListing(Receptionist.Listing listing) {
    ServiceKey<Object> key = (ServiceKey<Object>) listing.getKey();
    // All instances, unreachable ones included: reachability is this router's call (MemberTracker).
    java.util.Set<ActorRef<Object>> listed = listing.getAllServiceInstances(key);
    for (ActorRef<Object> ref : listed) {
      known.computeIfAbsent(ref, this::slotFor);
    }
    known.entrySet().removeIf(entry -> {
      if (listed.contains(entry.getKey())) {
        return false;
      }
      sentToDepartedRoutees += entry.getValue().sent;
      return true;
    });
    rebuildEligible();
  }

  private Behavior<Object> onRouteeStopped(Terminated terminated) {
    RouteeSlot slot = known.remove(terminated.getRef());
    if (slot != null) {
      sentToDepartedRoutees += slot.sent;
      log.warn("router {}: routee {} stopped; {} left", settings.name(), slot.routee.id(), known.size());
      rebuildEligible();
    }
    return Behaviors.same();
  }

  private RouteeSlot slotFor(ActorRef<Object> ref) {
    Address address = members.memberOf(ref.path().address());
    String id = ref.path().toStringWithAddress(address);
    return new RouteeSlot(new Routee(id, address, members.rolesOf(address)), ref);
  }

  private void rebuildEligible() {
    List<RouteeSlot> next = new ArrayList<>();
    for (RouteeSlot slot : known.values()) {
      slot.eligible = members.isEligible(slot.routee.address());
      if (slot.eligible) {
        next.add(slot);
      }
    }
    next.sort(Comparator.comparing(slot -> slot.routee.id()));
    // Roles may have arrived after the routee: refresh them in the routee values handed out.
    List<Routee> routees = new ArrayList<>(next.size());
    for (RouteeSlot slot : next) {
      routees.add(new Routee(slot.routee.id(), slot.routee.address(), members.rolesOf(slot.routee.address())));
    }
    RouteeSlot[] nextEligible = next.toArray(new RouteeSlot[0]);
    List<Routee> nextRoutees = List.copyOf(routees);
    if (nextRoutees.equals(eligibleRoutees) && java.util.Arrays.equals(nextEligible, eligible)) {
      return;
    }
    eligible = nextEligible;
    eligibleRoutees = nextRoutees;
    strategy.onRouteesChanged(eligibleRoutees);
    log.debug("router {}: {} eligible of {} known routees", settings.name(), eligible.length, known.size());
  }

  private RouterStats stats() {
    List<RouterStats.RouteeStats> rows = new ArrayList<>();
    for (RouteeSlot slot : known.values()) {
      rows.add(new RouterStats.RouteeStats(slot.routee.id(), slot.eligible, slot.sent, slot.inFlight));
    }
    rows.sort(Comparator.comparing(RouterStats.RouteeStats::routeeId));
    return new RouterStats(settings.name(), settings.strategy(), rows, unroutable, sentToDepartedRoutees);
  }
}
