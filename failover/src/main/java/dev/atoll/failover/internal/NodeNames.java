package dev.atoll.failover.internal;

import org.apache.pekko.actor.Address;

/**
 * How the failover protocol names a node: {@code host:port} of its cluster address. Epochs carry
 * this name and are stored with every event, so it is short, and it stays the same when a node
 * restarts on the same address with its old data directory (then it is the same replica).
 */
public final class NodeNames {

  private NodeNames() {}

  public static String of(Address address) {
    return address.host().get() + ":" + address.port().get();
  }

  /** The address of {@code name} in the ActorSystem of {@code self} (same protocol and system name). */
  public static Address addressOf(String name, Address self) {
    int colon = name.lastIndexOf(':');
    return new Address(self.protocol(), self.system(), name.substring(0, colon), Integer.parseInt(name.substring(colon + 1)));
  }
}
