package dev.atoll.sharding.internal;

import dev.atoll.framework.AtollConfigException;
import dev.atoll.sharding.spi.ShardReadiness;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.List;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * Instantiates the {@link ShardReadiness} named in {@code atoll.sharding.shard-readiness}: through
 * a public constructor taking the {@link ActorSystem} if it has one, else a public no-argument
 * constructor. Every failure is an {@link AtollConfigException} naming the path and the class.
 */
public final class ReadinessLoader {

  static final String PATH = "atoll.sharding.shard-readiness";

  private ReadinessLoader() {}

  public static ShardReadiness load(String className, ActorSystem<?> system) {
    if (className.isEmpty()) {
      return ShardReadiness.ALWAYS_READY;
    }
    Class<?> type;
    try {
      type = Class.forName(className, true, system.dynamicAccess().classLoader());
    } catch (ClassNotFoundException e) {
      throw problem(className, "class not found on the class path");
    }
    if (!ShardReadiness.class.isAssignableFrom(type)) {
      throw problem(className, "does not implement " + ShardReadiness.class.getName());
    }
    try {
      for (Constructor<?> constructor : type.getConstructors()) {
        Class<?>[] parameters = constructor.getParameterTypes();
        if (parameters.length == 1 && parameters[0].isAssignableFrom(system.getClass())) {
          return (ShardReadiness) constructor.newInstance(system);
        }
      }
      return (ShardReadiness) type.getConstructor().newInstance();
    } catch (NoSuchMethodException e) {
      throw problem(className, "needs a public constructor taking an ActorSystem, or a public no-argument one");
    } catch (InvocationTargetException e) {
      throw problem(className, "its constructor failed: " + e.getCause());
    } catch (ReflectiveOperationException e) {
      throw problem(className, "cannot be instantiated: " + e);
    }
  }

  private static AtollConfigException problem(String className, String reason) {
    return new AtollConfigException(List.of(PATH + " = \"" + className + "\": " + reason));
  }
}
