package dev.atoll.framework;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.Address;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HashRingTest {

  private static final int KEYS = 100_000;

  @ParameterizedTest(name = "hosts like {0}")
  @ValueSource(strings = {"loopback", "private"})
  void withTheDefault128VirtualNodesTheBusiestOfTenMembersHoldsAtMost1point3TimesTheMean(String hosts) {
    List<Address> members = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      members.add(
          hosts.equals("loopback")
              ? new Address("pekko", "atoll", "127.0.0.1", 2551 + i)
              : new Address("pekko", "atoll", "10.0.0." + (i + 1), 2552));
    }
    HashRing ring = HashRing.of(members, 128);
    Map<Address, Integer> load = new HashMap<>();
    for (int k = 0; k < KEYS; k++) {
      load.merge(ring.owner("entity-" + k), 1, Integer::sum);
    }
    double mean = (double) KEYS / members.size();
    int max = load.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
    int min = load.values().stream().mapToInt(Integer::intValue).min().orElseThrow();
    System.out.printf(
        "HashRing balance (%s, 10 members, 128 virtual nodes, %,d keys): max/mean = %.3f, min/mean = %.3f%n",
        hosts, KEYS, max / mean, min / mean);
    assertThat(load).hasSize(10);
    assertThat(max / mean).isLessThanOrEqualTo(1.3);
  }

  @Test
  void aSingleMemberOwnsEveryKey() {
    Address only = new Address("pekko", "atoll", "127.0.0.1", 2551);
    HashRing ring = HashRing.of(List.of(only), 4);
    assertThat(ring.owner("anything")).isEqualTo(only);
    assertThat(ring.owners("anything", 3)).containsExactly(only);
  }

  @Test
  void anEmptyRingSaysSoWhenAskedForAnOwner() {
    HashRing ring = HashRing.of(List.of(), 128);
    assertThat(ring.isEmpty()).isTrue();
    assertThatThrownBy(() -> ring.owner("x")).hasMessageContaining("no members");
  }

  @Test
  void rejectsAMemberWithoutHostAndPort() {
    Address local = new Address("pekko", "atoll");
    assertThatThrownBy(() -> HashRing.of(List.of(local), 128))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has no host and port");
  }

  @Test
  void rejectsNonPositiveVirtualNodes() {
    assertThatThrownBy(() -> HashRing.of(List.of(), 0)).hasMessageContaining("virtualNodes = 0: must be > 0");
  }

  @Test
  void identifiesMembersByHostAndPortSoARestartedNodeKeepsItsPlace() {
    // Same host:port, another incarnation of the actor system name is irrelevant to the ring.
    Address a = new Address("pekko", "atoll", "127.0.0.1", 2551);
    Address b = new Address("pekko", "atoll", "127.0.0.1", 2552);
    HashRing ring = HashRing.of(List.of(a, b), 64);
    HashRing again = HashRing.of(List.of(b, new Address("pekko", "atoll", "127.0.0.1", 2551)), 64);
    for (int k = 0; k < 1000; k++) {
      assertThat(again.owner("k" + k)).isEqualTo(ring.owner("k" + k));
    }
  }
}
