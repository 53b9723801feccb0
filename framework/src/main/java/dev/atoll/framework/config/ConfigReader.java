package dev.atoll.framework.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.atoll.framework.AtollConfigException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * Reads typed values out of a {@link Config} and collects every problem instead of stopping at the
 * first, so that a user fixing a config file sees all mistakes at once. Each problem names the path,
 * the offending value and where it was set. Call {@link #throwIfInvalid()} when done. Every Atoll
 * module reads its {@code *Settings} with it, so all of them report bad values the same way; it is
 * public for modules and plugins that add settings of their own.
 *
 * <p>Getters return a harmless placeholder after recording a problem so that reading can go on;
 * the placeholder never escapes because {@link #throwIfInvalid()} throws.
 *
 * <p>"Off" values: {@code off}, {@code false} and {@code 0} turn off the settings read with the
 * {@code ...OrOff}/{@code getOptional...} getters.
 *
 * @since 0.1.0
 */
public final class ConfigReader {

  private final Config config;
  private final List<String> problems = new ArrayList<>();

  public ConfigReader(Config config) {
    this.config = config;
  }

  /** Whether {@code path} is set (to anything but null). */
  public boolean has(String path) {
    return config.hasPath(path);
  }

  public int getInt(String path, int min, int max) {
    int value;
    try {
      value = config.getInt(path);
    } catch (ConfigException e) {
      problem(path, "must be an integer" + rangeText(min, max), e);
      return min;
    }
    if (value < min && min == 1) {
      problem(path, "must be > 0" + (max == Integer.MAX_VALUE ? "" : " (and at most " + max + ")"));
      return min;
    }
    if (value < min || value > max) {
      problem(path, "must be" + rangeText(min, max));
      return min;
    }
    return value;
  }

  public double getDouble(String path, double minExclusive) {
    try {
      double value = config.getDouble(path);
      if (!(value > minExclusive)) {
        problem(path, "must be > " + minExclusive);
        return minExclusive + 1;
      }
      return value;
    } catch (ConfigException e) {
      problem(path, "must be a number", e);
      return minExclusive + 1;
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

  /** A string, trimmed; may be empty. */
  public String getString(String path) {
    try {
      return config.getString(path).trim();
    } catch (ConfigException e) {
      problem(path, "must be a string", e);
      return "";
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

  /** A long, or empty for {@code off}. */
  public OptionalLong getLongOrOff(String path) {
    if (isOff(path)) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(config.getLong(path));
    } catch (ConfigException e) {
      problem(path, "must be off or an integer", e);
      return OptionalLong.empty();
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
    if (value.valueType() != ConfigValueType.STRING) {
      return false;
    }
    String text = config.getString(path).trim().toLowerCase(Locale.ROOT);
    return text.equals("off") || text.equals("false") || text.equals("no");
  }

  public boolean getBoolean(String path) {
    try {
      return config.getBoolean(path);
    } catch (ConfigException e) {
      problem(path, "must be on or off", e);
      return false;
    }
  }

  public List<String> getStringList(String path) {
    try {
      return List.copyOf(config.getStringList(path));
    } catch (ConfigException e) {
      problem(path, "must be a list of strings", e);
      return List.of();
    }
  }

  /**
   * Reads a string and maps it to an enum constant through {@code parse}, which returns null for
   * an unknown name; {@code allowed} is listed in the error.
   */
  public <E> E getChoice(String path, Function<String, E> parse, List<String> allowed, E placeholder) {
    String raw = getNonEmptyString(path);
    if (raw.isEmpty()) {
      return placeholder;
    }
    E value = parse.apply(raw.toLowerCase(Locale.ROOT));
    if (value == null) {
      problem(path, "unknown value; allowed: " + String.join(" | ", allowed));
      return placeholder;
    }
    return value;
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

  /** The problems recorded so far. */
  public List<String> problems() {
    return List.copyOf(problems);
  }

  private void problem(String path, String reason, ConfigException cause) {
    if (cause instanceof ConfigException.Missing) {
      missing(path, reason);
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
    String shown = value.render(com.typesafe.config.ConfigRenderOptions.concise());
    return path + " = " + shown + (origin == null || origin.isBlank() ? "" : " (" + origin + ")");
  }

  private static String rangeText(int min, int max) {
    if (max == Integer.MAX_VALUE) {
      return min == 1 ? " > 0" : " >= " + min;
    }
    return " between " + min + " and " + max;
  }
}
