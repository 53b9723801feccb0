package dev.atoll.samples.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Network partitions between local nodes with iptables: each node has its own loopback address,
 * and a partition drops every packet between chosen addresses, in both directions. All rules live
 * in one chain of this harness, named with its PID ({@code ATOLL-CHAOS-<pid>}) and jumped to from
 * OUTPUT and INPUT, so that healing is flushing the chain and cleaning up is deleting it. Chains
 * left by a harness that died without cleaning up (its PID no longer runs) are removed at start;
 * those of a harness still running are left alone.
 */
final class NetworkPartitions implements AutoCloseable {

  static final String CHAIN_PREFIX = "ATOLL-CHAOS-";
  private static final Pattern CHAIN = Pattern.compile("^:?(" + CHAIN_PREFIX + "(\\d+))\\b", Pattern.MULTILINE);
  private static final List<String> HOOKS = List.of("OUTPUT", "INPUT");

  private final String chain = CHAIN_PREFIX + ProcessHandle.current().pid();
  private boolean installed;

  /** Why partitions cannot be made on this machine, or empty if they can. */
  static Optional<String> unavailableBecause() {
    if (!Shell.isRoot()) {
      return Optional.of("not running as root (iptables needs it)");
    }
    Shell.Result list = Shell.run("iptables", "-w", "-S", "OUTPUT");
    if (!list.ok()) {
      return Optional.of("iptables does not work here: " + list.output()
          + " (on Debian: apt-get install iptables; .ci/run does)");
    }
    return Optional.empty();
  }

  /** Removes stale chains, creates this harness's chain and the jumps to it. */
  void install() {
    removeStaleChains();
    Shell.check("iptables", "-w", "-N", chain);
    installed = true;
    for (String hook : HOOKS) {
      Shell.check("iptables", "-w", "-I", hook, "1", "-j", chain);
    }
  }

  String chain() {
    return chain;
  }

  /** Drops every packet between {@code isolated} and each of {@code others}. */
  void isolate(String isolated, List<String> others) {
    for (String other : others) {
      Shell.check("iptables", "-w", "-A", chain, "-s", isolated, "-d", other, "-j", "DROP");
      Shell.check("iptables", "-w", "-A", chain, "-s", other, "-d", isolated, "-j", "DROP");
    }
  }

  /** Ends every partition. */
  void heal() {
    if (installed) {
      Shell.check("iptables", "-w", "-F", chain);
    }
  }

  /** Deletes the jumps and the chain; safe to call more than once and from a shutdown hook. */
  @Override
  public synchronized void close() {
    if (installed) {
      remove(chain);
      installed = false;
    }
  }

  private static void remove(String chain) {
    for (String hook : HOOKS) {
      while (Shell.run("iptables", "-w", "-D", hook, "-j", chain).ok()) {
        // a jump may have been inserted more than once
      }
    }
    Shell.run("iptables", "-w", "-F", chain);
    Shell.run("iptables", "-w", "-X", chain);
  }

  /** Chains of harnesses whose PID no longer runs. */
  static List<String> staleChains() {
    List<String> stale = new ArrayList<>();
    Matcher m = CHAIN.matcher(Shell.run("iptables", "-w", "-S").output().replace("-N ", ""));
    while (m.find()) {
      long pid = Long.parseLong(m.group(2));
      if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && pid != ProcessHandle.current().pid()) {
        continue;
      }
      if (!stale.contains(m.group(1))) {
        stale.add(m.group(1));
      }
    }
    return stale;
  }

  private static void removeStaleChains() {
    for (String stale : staleChains()) {
      System.out.println("atoll chaos: removing the stale iptables chain " + stale);
      remove(stale);
    }
  }
}
