package dev.atoll.journal.internal;

import com.typesafe.config.Config;
import dev.atoll.journal.spi.Replicator;
import java.lang.reflect.Constructor;
import org.apache.pekko.actor.ActorSystem;

/**
 * Instantiates the {@link Replicator} named in {@code atoll.journal.replicator}: through its
 * {@code (ActorSystem, Config)} constructor if it has one, else its no-argument constructor. A
 * wrong class name fails the journal's start with the config path in the message.
 */
final class ReplicatorLoader {

  private ReplicatorLoader() {}

  static Replicator load(String className, ActorSystem system, Config pluginConfig) {
    try {
      Class<?> type = Class.forName(className, true, ReplicatorLoader.class.getClassLoader());
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
          "atoll.journal.replicator = \"" + className + "\": cannot create the replicator ("
              + e + "); it must name a class implementing " + Replicator.class.getName()
              + " with a public (ActorSystem, Config) or no-argument constructor",
          e);
    }
  }
}
