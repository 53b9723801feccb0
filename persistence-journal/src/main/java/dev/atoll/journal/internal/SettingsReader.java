package dev.atoll.journal.internal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import dev.atoll.framework.AtollConfigException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Reads typed values from a {@link Config} and collects every problem (path, value, where it was
 * set, why it is wrong) instead of stopping at the first, so a user sees all mistakes at once.
 * Getters return a placeholder after recording a problem; {@link #throwIfInvalid()} then throws
 * an {@link AtollConfigException}, so no placeholder escapes.
 */
final class SettingsReader {

  private final Config config;
  private final List<String> problems = new ArrayList<>();

  SettingsReader(Config config) {
    this.config = config;
  }

  String getString(String path) {
    try {
      return config.getString(path).trim();
    } catch (ConfigException e) {
      problem(path, "must be a string", e);
      return "";
    }
  }

  int getInt(String path, int min, int max) {
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

  Duration getPositiveDuration(String path) {
    try {
      Duration value = config.getDuration(path);
      if (value.isNegative() || value.isZero()) {
        problem(path, "must be a positive duration such as 100ms or 1s");
        return Duration.ofSeconds(1);
      }
      return value;
    } catch (ConfigException e) {
      problem(path, "must be a duration such as 100ms or 1s", e);
      return Duration.ofSeconds(1);
    }
  }

  <E> E getChoice(String path, Function<String, E> parse, List<String> allowed, E placeholder) {
    String raw = getString(path);
    E value = parse.apply(raw.toLowerCase(Locale.ROOT));
    if (value == null) {
      problem(path, "unknown value; allowed: " + String.join(" | ", allowed));
      return placeholder;
    }
    return value;
  }

  void problem(String path, String reason) {
    problems.add(describe(path) + ": " + reason);
  }

  void throwIfInvalid() {
    if (!problems.isEmpty()) {
      throw new AtollConfigException(problems);
    }
  }

  private void problem(String path, String reason, ConfigException cause) {
    if (cause instanceof ConfigException.Missing) {
      problems.add(path + " is missing: " + reason);
    } else {
      problem(path, reason);
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
