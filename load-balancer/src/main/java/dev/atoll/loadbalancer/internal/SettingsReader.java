package dev.atoll.loadbalancer.internal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import dev.atoll.framework.AtollConfigException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads typed values from a {@link Config} and collects every problem rather than stopping at the
 * first, so a user fixing a config file sees all mistakes at once. Each problem starts with the full
 * config path and the value found there (with its origin, file and line), then says why it is
 * rejected.
 *
 * <p>Getters return a harmless placeholder after recording a problem so reading can go on; the
 * placeholder never escapes, because {@link #throwIfInvalid()} throws. (The framework has the same
 * reader in its internal package; this module may not import it.)
 */
public final class SettingsReader {

  private final Config config;
  private final List<String> problems = new ArrayList<>();

  public SettingsReader(Config config) {
    this.config = config;
  }

  public boolean has(String path) {
    return config.hasPath(path);
  }

  public int getInt(String path, int min, int max) {
    try {
      int value = config.getInt(path);
      if (value < min || value > max) {
        problem(path, "must be between " + min + " and " + max);
        return min;
      }
      return value;
    } catch (ConfigException e) {
      problem(path, "must be an integer between " + min + " and " + max, e);
      return min;
    }
  }

  public Duration getPositiveDuration(String path) {
    try {
      Duration value = config.getDuration(path);
      if (value.isNegative() || value.isZero()) {
        problem(path, "must be a positive duration such as 500ms or 2s");
        return Duration.ofSeconds(1);
      }
      return value;
    } catch (ConfigException e) {
      problem(path, "must be a duration such as 500ms or 2s", e);
      return Duration.ofSeconds(1);
    }
  }

  public String getNonEmptyString(String path) {
    try {
      String value = config.getString(path).trim();
      if (value.isEmpty()) {
        problem(path, "must not be empty");
      }
      return value;
    } catch (ConfigException e) {
      problem(path, "must be a string", e);
      return "";
    }
  }

  /** A long, or empty for {@code off}. */
  public java.util.OptionalLong getLongOrOff(String path) {
    try {
      Object raw = config.getValue(path).unwrapped();
      if (Boolean.FALSE.equals(raw) || "off".equals(raw) || "false".equals(raw) || "no".equals(raw)) {
        return java.util.OptionalLong.empty();
      }
      return java.util.OptionalLong.of(config.getLong(path));
    } catch (ConfigException e) {
      problem(path, "must be off or an integer", e);
      return java.util.OptionalLong.empty();
    }
  }

  /** Records a problem with the value found at {@code path}. */
  public void problem(String path, String reason) {
    problems.add(describe(path) + ": " + reason);
  }

  /** Records a problem with the object at {@code path}, without rendering the whole object. */
  public void problemWithBlock(String path, String reason) {
    problems.add(path + ": " + reason);
  }

  /** Records that a required key is absent. */
  public void missing(String path, String what) {
    problems.add(path + " is missing: " + what);
  }

  private void problem(String path, String reason, ConfigException cause) {
    if (cause instanceof ConfigException.Missing) {
      missing(path, reason);
    } else {
      problem(path, reason);
    }
  }

  public List<String> problems() {
    return List.copyOf(problems);
  }

  public void throwIfInvalid() {
    if (!problems.isEmpty()) {
      throw new AtollConfigException(problems);
    }
  }

  private String describe(String path) {
    if (!config.hasPathOrNull(path)) {
      return path;
    }
    if (config.getIsNull(path)) {
      return path + " = null";
    }
    ConfigValue value = config.getValue(path);
    String origin = value.origin().description();
    String shown = value.render(ConfigRenderOptions.concise());
    return path + " = " + shown + (origin == null || origin.isBlank() ? "" : " (" + origin + ")");
  }
}
