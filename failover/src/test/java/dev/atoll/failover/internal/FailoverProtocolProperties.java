package dev.atoll.failover.internal;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The failover protocol's safety under random crashes, restarts, zombie primaries and competing
 * candidates, for the default quorum and for every fixed write quorum of a three-member set.
 */
class FailoverProtocolProperties {

  @Property(tries = 300)
  void noAcknowledgedWriteIsLostWithMajorityQuorums(@ForAll long seed, @ForAll boolean contentious) {
    FailoverSimulation simulation = new FailoverSimulation(seed, QuorumPolicy.majority(), contentious);
    simulation.run(500);
  }

  @Property(tries = 200)
  void noAcknowledgedWriteIsLostWithAnyWriteQuorum(@ForAll long seed, @ForAll @IntRange(min = 1, max = 3) int writeQuorum) {
    FailoverSimulation simulation = new FailoverSimulation(seed, new QuorumPolicy(writeQuorum), true);
    simulation.run(500);
  }

  /**
   * Guards against a simulation that proves nothing because nothing happens: over twenty fixed
   * seeds, most runs establish primaries and acknowledge writes despite the faults.
   */
  @org.junit.jupiter.api.Test
  void theSimulationMakesProgress() {
    int progressingRuns = 0;
    int acknowledged = 0;
    for (long seed = 1; seed <= 20; seed++) {
      FailoverSimulation simulation = new FailoverSimulation(seed, QuorumPolicy.majority(), false);
      simulation.run(400);
      acknowledged += simulation.acks().size();
      if (simulation.establishedCount > 0 && !simulation.acks().isEmpty()) {
        progressingRuns++;
      }
    }
    System.out.printf("failover simulation, 20 seeds x 400 steps: %d runs made progress, %d writes acknowledged%n", progressingRuns, acknowledged);
    assertThat(progressingRuns).as("runs that established a primary and acknowledged writes").isGreaterThanOrEqualTo(15);
    assertThat(acknowledged).as("acknowledged writes over all runs").isGreaterThan(150);
  }
}
