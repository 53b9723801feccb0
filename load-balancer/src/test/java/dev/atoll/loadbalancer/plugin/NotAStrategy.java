package dev.atoll.loadbalancer.plugin;

/** Named as a strategy by mistake: it implements nothing. */
public final class NotAStrategy {}
