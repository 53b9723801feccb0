package dev.atoll.framework.internal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import dev.atoll.framework.AtollConfigException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Reads typed values out of a {@link Config} and collects every problem instead of stopping at the
 * first, so that a user fixing a config file sees all mistakes at once. Each problem names the path,
 * the offending value and where it was set. Call {@link #throwIfInvalid()} when done.
 *
 * <p>Getters return a harmless placeholder after recording a problem so that reading can go on;
 * the placeholder never escapes because {@link #throwIfInvalid()} throws.
 */
public final class ConfigReader {

  private final Config config;
  private final List<String> problems = new ArrayList<>();

  public ConfigReader(Config config) {
    this.config = config;
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
