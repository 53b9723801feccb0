package dev.atoll.loadbalancer;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.atoll.framework.AtollConfigException;
import dev.atoll.framework.config.ConfigReader;
import dev.atoll.loadbalancer.internal.Strategies;
import dev.atoll.loadbalancer.spi.RoutingStrategy;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Every router declared under {@code atoll.load-balancer.routers}, read once and validated. Each
 * router's block falls back to {@code atoll.load-balancer.router-defaults} for its optional keys;
 * {@code strategy} and one of {@code service} / {@code pool-size} have no default.
 *
 * @param routers the routers by name
 * @since 0.1.0
 */
public record LoadBalancerSettings(SortedMap<String, RouterSettings> routers) {

  /** The config path every key of this module lives under. */
  public static final String ROOT = "atoll.load-balancer";

  private static final String ROUTERS = ROOT + ".routers";
  private static final String DEFAULTS = ROOT + ".router-defaults";
  private static final Pattern ROUTER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");
  private static final Set<String> ROUTER_KEYS =
      Set.of("strategy", "service", "pool-size", "reply-timeout", "virtual-nodes", "seed", "weighted");
  private static final int MAX_WEIGHT = 1000;

  public LoadBalancerSettings {
    routers = Collections.unmodifiableSortedMap(new TreeMap<>(routers));
  }

  /**
   * Reads and validates {@code atoll.load-balancer} from {@code config} (which must include this
   * module's reference.conf, as an ActorSystem's config does). Custom strategy classes are looked up
   * with the thread's context class loader, or this module's if there is none.
   *
   * @throws AtollConfigException listing every problem, each with its config path
   */
  public static LoadBalancerSettings fromConfig(Config config) {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return fromConfig(config, context != null ? context : LoadBalancerSettings.class.getClassLoader());
  }

  /**
   * As {@link #fromConfig(Config)}, looking up custom strategy classes with {@code classLoader} (the
   * extension passes its ActorSystem's).
   *
   * @throws AtollConfigException listing every problem, each with its config path
   */
  public static LoadBalancerSettings fromConfig(Config config, ClassLoader classLoader) {
    if (!config.hasPath(ROUTERS) || !config.hasPath(DEFAULTS)) {
      ConfigReader reader = new ConfigReader(config);
      reader.missing(
          config.hasPath(ROUTERS) ? DEFAULTS : ROUTERS,
          "the load-balancer's reference.conf is not in the config (load it with ConfigFactory.load())");
      reader.throwIfInvalid();
    }
    for (String block : new String[] {ROUTERS, DEFAULTS}) {
      if (config.getValue(block).valueType() != ConfigValueType.OBJECT) {
        ConfigReader reader = new ConfigReader(config);
        reader.problem(block, "must be an object { <name> { strategy = ..., service = ... } }");
        reader.throwIfInvalid();
      }
    }
    Config defaults = config.getConfig(DEFAULTS);
    // Errors name the full paths the user wrote, so read through the whole config, with the
    // router-defaults block laid under each router for its optional keys.
    Config effective = config;
    for (String name : config.getObject(ROUTERS).keySet()) {
      if (ROUTER_NAME.matcher(name).matches()
          && config.getValue(ROUTERS + "." + name).valueType() == ConfigValueType.OBJECT) {
        effective = effective.withFallback(defaults.atPath(ROUTERS + "." + name));
      }
    }
    ConfigReader root = new ConfigReader(effective);
    Map<String, RouterSettings> routers = new HashMap<>();
    for (String name : config.getObject(ROUTERS).keySet()) {
      String path = ROUTERS + "." + quoteIfNeeded(name);
      if (!ROUTER_NAME.matcher(name).matches()) {
        root.problemWithBlock(path, "router names may hold letters, digits, '-' and '_' only (they name an actor)");
        continue;
      }
      if (config.getValue(path).valueType() != ConfigValueType.OBJECT) {
        root.problemWithBlock(path, "must be an object { strategy = ..., service = ... }");
        continue;
      }
      routers.put(name, readRouter(name, path, effective, root, classLoader));
    }
    root.throwIfInvalid();
    return new LoadBalancerSettings(new TreeMap<>(routers));
  }

  public Optional<RouterSettings> router(String name) {
    return Optional.ofNullable(routers.get(name));
  }

  private static RouterSettings readRouter(
      String name, String path, Config config, ConfigReader reader, ClassLoader classLoader) {
    Config own = config.getConfig(path);
    for (String key : own.root().keySet()) {
      if (!ROUTER_KEYS.contains(key)) {
        reader.problem(
            path + "." + quoteIfNeeded(key),
            "unknown key; allowed: " + String.join(", ", ROUTER_KEYS.stream().sorted().toList()));
      }
    }
    Strategy strategy = Strategy.ROUND_ROBIN;
    Optional<String> strategyClass = Optional.empty();
    String strategyPath = path + ".strategy";
    if (!own.hasPath("strategy")) {
      reader.missing(strategyPath, "set one of " + String.join(" | ", Strategy.configNames()));
    } else {
      String raw = reader.getNonEmptyString(strategyPath);
      Optional<Strategy> builtIn = Strategy.fromConfigName(raw);
      if (builtIn.isPresent()) {
        strategy = builtIn.get();
      } else if (raw.contains(".")) {
        // Not a built-in name: a class name, checked now so that a typo stops the node at start-up.
        Optional<String> problem = Strategies.problemWithClass(raw, classLoader);
        if (problem.isPresent()) {
          reader.problem(strategyPath, problem.get());
        } else {
          strategy = Strategy.CUSTOM;
          strategyClass = Optional.of(raw);
        }
      } else if (!raw.isEmpty()) {
        reader.problem(strategyPath, "unknown strategy; allowed: " + String.join(" | ", Strategy.configNames())
            + ", or the fully-qualified name of a class implementing " + RoutingStrategy.class.getName());
      }
    }

    Optional<String> service = Optional.empty();
    OptionalInt poolSize = OptionalInt.empty();
    boolean hasService = own.hasPath("service");
    boolean hasPool = own.hasPath("pool-size");
    if (hasService && hasPool) {
      reader.problemWithBlock(path, "set either service (a group router) or pool-size (a pool router), not both");
    } else if (hasService) {
      service = Optional.of(reader.getNonEmptyString(path + ".service"));
    } else if (hasPool) {
      poolSize = OptionalInt.of(reader.getInt(path + ".pool-size", 1, 10_000));
    } else {
      reader.missing(
          path + ".service",
          "set service = \"<receptionist service id>\" for a group router, or pool-size = <n> for a pool router");
    }

    Duration replyTimeout = reader.getPositiveDuration(path + ".reply-timeout");
    int virtualNodes = reader.getInt(path + ".virtual-nodes", 1, 10_000);
    OptionalLong seed = reader.getLongOrOff(path + ".seed");
    WeightSettings weights = readWeights(path + ".weighted", config, reader);
    return new RouterSettings(
        name, strategy, strategyClass, service, poolSize, replyTimeout, virtualNodes, seed, weights);
  }

  private static WeightSettings readWeights(String path, Config config, ConfigReader reader) {
    int defaultWeight = reader.getInt(path + ".default-weight", 0, MAX_WEIGHT);
    Map<String, Integer> byRole = readWeightTable(path + ".by-role", config, reader);
    Map<String, Integer> byAddress = readWeightTable(path + ".by-address", config, reader);
    for (String hostPort : byAddress.keySet()) {
      if (!hostPort.matches("[^:]+:[0-9]{1,5}")) {
        reader.problem(path + ".by-address." + quoteIfNeeded(hostPort), "keys must be \"host:port\" of a member");
      }
    }
    return new WeightSettings(defaultWeight, byRole, byAddress);
  }

  private static Map<String, Integer> readWeightTable(String path, Config config, ConfigReader reader) {
    Map<String, Integer> table = new HashMap<>();
    if (!config.hasPath(path)) {
      return table;
    }
    for (Map.Entry<String, ConfigValue> entry : config.getObject(path).entrySet()) {
      String keyPath = path + "." + quoteIfNeeded(entry.getKey());
      table.put(entry.getKey(), reader.getInt(keyPath, 0, MAX_WEIGHT));
    }
    return table;
  }

  private static String quoteIfNeeded(String key) {
    return key.matches("[A-Za-z0-9_-]+") ? key : "\"" + key.replace("\"", "\\\"") + "\"";
  }
}
