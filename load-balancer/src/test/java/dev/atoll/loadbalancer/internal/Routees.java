package dev.atoll.loadbalancer.internal;

import dev.atoll.loadbalancer.spi.Routee;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.pekko.actor.Address;

/** Routee lists for strategy tests: {@code count} routees spread over {@code members} members. */
final class Routees {

  private Routees() {}

  static List<Routee> of(int count) {
    return of(count, 3, Set.of());
  }

  static List<Routee> of(int count, int members, Set<String> roles) {
    List<Routee> routees = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      routees.add(on(new Address("pekko", "atoll", "10.0.0." + (i % members + 1), 2551), "worker-" + i, roles));
    }
    routees.sort(java.util.Comparator.comparing(Routee::id));
    return List.copyOf(routees);
  }

  static Routee on(Address member, String name, Set<String> roles) {
    return new Routee(member + "/user/" + name, member, new TreeSet<>(roles));
  }
}
