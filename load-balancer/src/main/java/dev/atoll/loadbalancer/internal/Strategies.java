package dev.atoll.loadbalancer.internal;

import dev.atoll.loadbalancer.RouterSettings;
import dev.atoll.loadbalancer.spi.RoutingStrategy;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Creates the strategy a router's settings name, one new instance per router: a built-in one, or
 * an instance of the {@link RoutingStrategy} class a custom strategy names. Custom classes are
 * checked once when the configuration is read ({@link #problemWithClass}), so that a missing or
 * wrong class stops the node at start-up with its config path, not at the router's first use.
 */
public final class Strategies {

  private Strategies() {}

  /** The strategy of {@code settings}; custom classes are loaded with this module's class loader. */
  public static RoutingStrategy create(RouterSettings settings) {
    return create(settings, Strategies.class.getClassLoader());
  }

  /**
   * The strategy of {@code settings}; custom classes are loaded with {@code loader}.
   *
   * @throws IllegalArgumentException if a custom class cannot be loaded or instantiated
   */
  public static RoutingStrategy create(RouterSettings settings, ClassLoader loader) {
    return switch (settings.strategy()) {
      case ROUND_ROBIN -> new RoundRobinStrategy();
      case RANDOM -> new RandomStrategy(random(settings));
      case CONSISTENT_HASH -> new ConsistentHashStrategy(settings.virtualNodes());
      case LEAST_OUTSTANDING -> new LeastOutstandingStrategy(random(settings));
      case WEIGHTED -> new WeightedStrategy(settings.weights());
      case CUSTOM -> instantiate(settings, loader);
    };
  }

  /**
   * Why {@code className} cannot serve as a strategy (not on the class path, not a {@link
   * RoutingStrategy}, abstract, or without a usable public constructor), or empty if it can.
   */
  public static Optional<String> problemWithClass(String className, ClassLoader loader) {
    Class<?> type;
    try {
      type = Class.forName(className, false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      return Optional.of("no class " + className + " on the class path (" + e + "); a strategy is one of the "
          + "built-in names or the fully-qualified name of a class implementing " + RoutingStrategy.class.getName());
    }
    if (!RoutingStrategy.class.isAssignableFrom(type)) {
      return Optional.of("class " + className + " does not implement " + RoutingStrategy.class.getName());
    }
    if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
      return Optional.of("class " + className + " is abstract: name a concrete class");
    }
    if (constructorOf(type).isEmpty()) {
      return Optional.of("class " + className + " needs a public constructor taking no arguments or a "
          + RouterSettings.class.getName());
    }
    return Optional.empty();
  }

  private static RoutingStrategy instantiate(RouterSettings settings, ClassLoader loader) {
    String className = settings.strategyClass().orElseThrow();
    Optional<String> problem = problemWithClass(className, loader);
    if (problem.isPresent()) {
      throw new IllegalArgumentException("router \"" + settings.name() + "\": " + problem.get());
    }
    try {
      Constructor<?> constructor = constructorOf(Class.forName(className, true, loader)).orElseThrow();
      Object strategy = constructor.getParameterCount() == 1
          ? constructor.newInstance(settings)
          : constructor.newInstance();
      return (RoutingStrategy) strategy;
    } catch (InvocationTargetException e) {
      throw new IllegalArgumentException("router \"" + settings.name() + "\": the constructor of " + className
          + " failed: " + e.getCause(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException("router \"" + settings.name() + "\": cannot create " + className + ": " + e, e);
    }
  }

  /** The public constructor taking a {@link RouterSettings}, else the public no-argument one. */
  private static Optional<Constructor<?>> constructorOf(Class<?> type) {
    if (!Modifier.isPublic(type.getModifiers())) {
      return Optional.empty();
    }
    for (Class<?>[] parameters : new Class<?>[][] {{RouterSettings.class}, {}}) {
      try {
        return Optional.of(type.getConstructor(parameters));
      } catch (NoSuchMethodException e) {
        // try the next form
      }
    }
    return Optional.empty();
  }

  private static SplittableRandom random(RouterSettings settings) {
    return settings.seed().isPresent() ? new SplittableRandom(settings.seed().getAsLong()) : new SplittableRandom();
  }
}
