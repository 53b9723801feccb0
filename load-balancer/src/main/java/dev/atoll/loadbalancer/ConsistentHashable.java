package dev.atoll.loadbalancer;

/**
 * A message that names its own hash key, for {@code consistent-hash} routers: every message with
 * the same key goes to the same routee while the routee set is unchanged, and when a routee joins or
 * leaves only about {@code 1/routees} of the keys move.
 *
 * <pre>{@code
 * record Charge(String accountId, long cents) implements ConsistentHashable {
 *   public String hashKey() { return accountId; }
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public interface ConsistentHashable {

  /** The key that picks the routee; hashed as UTF-8 with MurmurHash3, so equal strings route alike on every node. */
  String hashKey();
}
