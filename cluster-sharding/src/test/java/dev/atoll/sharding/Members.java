package dev.atoll.sharding;

import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.Address;

/** Synthetic cluster addresses for placement tests. */
final class Members {

  private Members() {}

  static Address member(int i) {
    return new Address("pekko", "atoll", "10.0." + (i / 250) + "." + (i % 250 + 1), 2551);
  }

  static List<Address> members(int count) {
    List<Address> result = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      result.add(member(i));
    }
    return result;
  }
}
