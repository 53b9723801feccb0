package dev.atoll.framework;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.pekko.Done;
import org.apache.pekko.actor.Address;

/**
 * The latest member set published by the node's {@link ClusterView}, for code outside actors, and
 * the moment that view first shows this node Up.
 *
 * <p>{@link AtollNode#whenUp()} completes from here rather than from Pekko's {@code
 * registerOnMemberUp}: Pekko's callback can run before the view actor has processed the same event,
 * and a caller that waited for "Up" and then reads {@link AtollNode#members()} or subscribes to the
 * view must find itself Up there.
 */
final class LatestMembers implements Consumer<MemberSet> {

  private final AtomicReference<MemberSet> latest = new AtomicReference<>(MemberSet.empty());
  private final CompletableFuture<Done> selfUp = new CompletableFuture<>();
  private volatile Address self;

  @Override
  public void accept(MemberSet members) {
    latest.set(members);
    completeIfSelfUp(members);
  }

  /** Names this node's address, known only once its actor system exists. */
  void bindSelf(Address selfAddress) {
    self = selfAddress;
    completeIfSelfUp(latest.get());
  }

  MemberSet get() {
    return latest.get();
  }

  CompletionStage<Done> whenSelfUp() {
    return selfUp;
  }

  private void completeIfSelfUp(MemberSet members) {
    Address address = self;
    if (address != null && members.up().contains(address)) {
      selfUp.complete(Done.getInstance());
    }
  }
}
