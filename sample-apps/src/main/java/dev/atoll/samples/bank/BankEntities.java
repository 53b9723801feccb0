package dev.atoll.samples.bank;

import java.time.Duration;
import org.apache.pekko.actor.typed.BackoffSupervisorStrategy;
import org.apache.pekko.actor.typed.SupervisorStrategy;

/** What the bank's entities share. */
final class BankEntities {

  /**
   * What an entity does when a persist fails (no write quorum in time, typically while a failover
   * is in progress): restart, replaying what was stored, instead of stopping until its next
   * message. A restarted {@link Transfer} resends its current step by itself.
   */
  static final BackoffSupervisorStrategy RESTART_ON_PERSIST_FAILURE =
      SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.2);

  private BankEntities() {}
}
