package dev.atoll.journal.internal;

import dev.atoll.journal.spi.LocalOnlyReplicator;
import com.typesafe.config.Config;
import dev.atoll.framework.AtollConfigException;
import dev.atoll.journal.spi.Replicator;
import dev.atoll.journal.spi.ReplicatorProvider;
import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.apache.pekko.actor.ActorSystem;

/**
 * Creates the {@link Replicator} that {@code atoll.journal.replicator} selects:
 *
 * <ul>
 *   <li>{@code auto}: the single {@link ReplicatorProvider} registered in
 *       {@code META-INF/services} on the class path, or local-only if there is none; several are
 *       a config error that names them, since guessing could silently pick the wrong one;
 *   <li>{@code local}: {@link LocalOnlyReplicator};
 *   <li>anything else: a class name, instantiated through its {@code (ActorSystem, Config)}
 *       constructor if it has one, else its no-argument constructor.
 * </ul>
 *
 * A wrong setting fails the journal's start with the config path in the message.
 */
final class ReplicatorLoader {

  static final String AUTO = "auto";
  static final String LOCAL = "local";
  private static final String PATH = "atoll.journal.replicator";

  private ReplicatorLoader() {}

  static Replicator load(
      String setting, ClassLoader classLoader, ActorSystem system, Config pluginConfig) {
    return switch (setting) {
      case AUTO -> fromProviders(classLoader, system, pluginConfig);
      case LOCAL -> new LocalOnlyReplicator();
      default -> byClassName(setting, classLoader, system, pluginConfig);
    };
  }

  private static Replicator fromProviders(
      ClassLoader classLoader, ActorSystem system, Config pluginConfig) {
    List<ReplicatorProvider> providers = new ArrayList<>();
    try {
      ServiceLoader.load(ReplicatorProvider.class, classLoader).forEach(providers::add);
    } catch (ServiceConfigurationError e) {
      throw new AtollConfigException(
          List.of(
              PATH + " = \"" + AUTO + "\": a " + ReplicatorProvider.class.getName()
                  + " registered on the class path cannot be loaded (" + e.getMessage() + ")"));
    }
    if (providers.isEmpty()) {
      return new LocalOnlyReplicator();
    }
    if (providers.size() > 1) {
      List<String> names = providers.stream().map(p -> p.getClass().getName()).sorted().toList();
      throw new AtollConfigException(
          List.of(
              PATH + " = \"" + AUTO + "\": found " + providers.size() + " replicator providers on "
                  + "the class path " + names + "; set " + PATH + " to the Replicator class to "
                  + "use, or to \"" + LOCAL + "\""));
    }
    ReplicatorProvider provider = providers.get(0);
    Replicator replicator = provider.create(system, pluginConfig);
    if (replicator == null) {
      throw new IllegalStateException(provider.getClass().getName() + ".create returned null");
    }
    return replicator;
  }

  private static Replicator byClassName(
      String className, ClassLoader classLoader, ActorSystem system, Config pluginConfig) {
    try {
      Class<?> type = Class.forName(className, true, classLoader);
      if (!Replicator.class.isAssignableFrom(type)) {
        throw new IllegalArgumentException(className + " does not implement " + Replicator.class);
      }
      try {
        Constructor<?> withSystem = type.getConstructor(ActorSystem.class, Config.class);
        return (Replicator) withSystem.newInstance(system, pluginConfig);
      } catch (NoSuchMethodException e) {
        return (Replicator) type.getConstructor().newInstance();
      }
    } catch (ReflectiveOperationException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          PATH + " = \"" + className + "\": cannot create the replicator ("
              + e + "); it must be \"" + AUTO + "\", \"" + LOCAL + "\" or name a class "
              + "implementing " + Replicator.class.getName()
              + " with a public (ActorSystem, Config) or no-argument constructor",
          e);
    }
  }
}
