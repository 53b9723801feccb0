package dev.atoll.sharding.internal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.atoll.framework.AtollConfigException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads typed values of this module's settings out of a {@link Config}, collecting every problem
 * (path, value, where it was set, why) instead of stopping at the first, so that a user fixing a
 * config file sees all mistakes at once; {@link #throwIfInvalid()} then throws one
 * {@link AtollConfigException} listing them.
 *
 * <p>The framework has a reader of its own in its internal package, which modules may not import;
 * this one follows the same conventions so that errors look alike across modules. Getters return a
 * harmless placeholder after recording a problem; it never escapes because
 * {@link #throwIfInvalid()} throws.
 */
public final class SettingsReader {

  private final Config config;
  private final List<String> problems = new ArrayList<>();

  public SettingsReader(Config config) {
    this.config = config;
  }

  public int getInt(String path, int min, int max) {
    int value;
    try {
      value = config.getInt(path);
    } catch (ConfigException e) {
      problem(path, "must be an integer between " + min + " and " + max, e);
      return min;
    }
    if (value < min || value > max) {
      problem(path, "must be between " + min + " and " + max);
      return min;
    }
    return value;
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

  /** A positive duration, or empty for {@code off} (or 0). */
  public Optional<Duration> getOptionalDuration(String path) {
    if (isOff(path)) {
      return Optional.empty();
    }
    try {
      Duration value = config.getDuration(path);
      if (value.isZero()) {
        return Optional.empty();
      }
      if (value.isNegative()) {
        problem(path, "must be a positive duration such as 2m, or off");
        return Optional.empty();
      }
      return Optional.of(value);
    } catch (ConfigException e) {
      problem(path, "must be a duration such as 90s or 2m, or off", e);
      return Optional.empty();
    }
  }

  /** A number at least {@code min}, or empty for {@code off} (or 0). */
  public Optional<Double> getOptionalDouble(String path, double min) {
    if (isOff(path)) {
      return Optional.empty();
    }
    try {
      double value = config.getDouble(path);
      if (value == 0.0) {
        return Optional.empty();
      }
      if (!(value >= min) || Double.isInfinite(value)) {
        problem(path, "must be a number >= " + min + ", or off (0)");
        return Optional.empty();
      }
      return Optional.of(value);
    } catch (ConfigException e) {
      problem(path, "must be a number >= " + min + ", or off (0)", e);
      return Optional.empty();
    }
  }

  /** A non-negative integer where {@code off} (or 0) means 0. */
  public int getIntOrOff(String path, int max) {
    if (isOff(path)) {
      return 0;
    }
    return getInt(path, 0, max);
  }

  public String getString(String path) {
    try {
      return config.getString(path).trim();
    } catch (ConfigException e) {
      problem(path, "must be a string", e);
      return "";
    }
  }

  private boolean isOff(String path) {
    if (!config.hasPath(path)) {
      return false;
    }
    ConfigValue value = config.getValue(path);
    if (value.valueType() == ConfigValueType.BOOLEAN) {
      return !config.getBoolean(path);
    }
    return value.valueType() == ConfigValueType.STRING
        && config.getString(path).trim().toLowerCase(Locale.ROOT).equals("off");
  }

  /** Records a problem with the value found at {@code path}. */
  public void problem(String path, String reason) {
    problems.add(describe(path) + ": " + reason);
  }

  private void problem(String path, String reason, ConfigException cause) {
    if (cause instanceof ConfigException.Missing) {
      problems.add(path + " is missing: " + reason);
    } else {
      problem(path, reason);
    }
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
