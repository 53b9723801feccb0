package dev.atoll.framework;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.apache.pekko.actor.Address;

/** The guarantees listed on {@link HashRing}, checked over generated member sets and keys. */
class HashRingProperties {

  private static final int KEYS = 2_000;

  @Property(tries = 50)
  void ownersDoNotDependOnTheOrderMembersWereAdded(
      @ForAll("memberSets") Set<Address> members, @ForAll long shuffleSeed, @ForAll @IntRange(min = 1, max = 64) int virtualNodes) {
    List<Address> inOrder = new ArrayList<>(members);
    List<Address> shuffled = new ArrayList<>(members);
    Collections.shuffle(shuffled, new Random(shuffleSeed));
    HashRing first = HashRing.of(inOrder, virtualNodes);
    HashRing second = HashRing.of(shuffled, virtualNodes);
    for (int k = 0; k < KEYS; k++) {
      String key = "key-" + k;
      assertThat(second.owners(key, 3)).isEqualTo(first.owners(key, 3));
    }
  }

  @Property(tries = 50)
  void addingAMemberMovesOnlyKeysThatTheNewMemberNowOwns(
      @ForAll("memberSets") Set<Address> members, @ForAll("members") Address joiner) {
    net.jqwik.api.Assume.that(!members.contains(joiner));
    HashRing before = HashRing.of(members, 32);
    HashRing after = before.withMember(joiner);
    int moved = 0;
    for (int k = 0; k < KEYS; k++) {
      String key = "key-" + k;
      Address oldOwner = before.owner(key);
      Address newOwner = after.owner(key);
      if (!oldOwner.equals(newOwner)) {
        assertThat(newOwner).as("new owner of moved key %s", key).isEqualTo(joiner);
        moved++;
      }
    }
    // Sanity: the joiner takes some keys (expected share 1/(n+1) of 2,000 keys).
    assertThat(moved).isPositive();
  }

  @Property(tries = 50)
  void removingAMemberMovesOnlyItsKeysAndEachGoesToItsFirstBackup(
      @ForAll("memberSets") Set<Address> members, @ForAll long pick) {
    net.jqwik.api.Assume.that(members.size() >= 2);
    List<Address> list = new ArrayList<>(members);
    Address leaver = list.get(Math.floorMod(pick, list.size()));
    HashRing before = HashRing.of(members, 32);
    HashRing after = before.withoutMember(leaver);
    for (int k = 0; k < KEYS; k++) {
      String key = "key-" + k;
      List<Address> oldOwners = before.owners(key, 2);
      Address newOwner = after.owner(key);
      if (oldOwners.get(0).equals(leaver)) {
        assertThat(newOwner).as("new owner of %s", key).isEqualTo(oldOwners.get(1));
      } else {
        assertThat(newOwner).as("owner of %s, not owned by the leaver", key).isEqualTo(oldOwners.get(0));
      }
    }
  }

  @Property(tries = 50)
  void ownersAreDistinctAndAsManyAsAskedOrAsMembersExist(
      @ForAll("memberSets") Set<Address> members, @ForAll @IntRange(min = 1, max = 15) int n) {
    HashRing ring = HashRing.of(members, 16);
    for (int k = 0; k < 200; k++) {
      List<Address> owners = ring.owners("key-" + k, n);
      assertThat(owners).doesNotHaveDuplicates().hasSize(Math.min(n, members.size()));
      assertThat(owners.get(0)).isEqualTo(ring.owner("key-" + k));
      assertThat(members).containsAll(owners);
    }
  }

  @Provide
  Arbitrary<Address> members() {
    Arbitrary<String> hosts = Arbitraries.of("127.0.0.1", "127.0.0.2", "10.0.0.7", "node-a.example", "node-b.example");
    Arbitrary<Integer> ports = Arbitraries.integers().between(1024, 65535);
    return Combinators.combine(hosts, ports).as((host, port) -> new Address("pekko", "atoll", host, port));
  }

  @Provide
  Arbitrary<Set<Address>> memberSets() {
    return members().set().ofMinSize(1).ofMaxSize(12);
  }
}
