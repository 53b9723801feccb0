package dev.atoll.framework;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.atoll.framework.config.ConfigReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Every {@code atoll.*} setting of the framework module, read once from HOCON into immutable
 * records and validated. An invalid value fails {@link #fromConfig(Config)} with an
 * {@link AtollConfigException} naming each bad path, its value, where it was set and why.
 *
 * <p>The defaults, each with the reason for it, are in this module's {@code reference.conf}.
 *
 * @param node where this node listens and how it finds the cluster ({@code atoll.node})
 * @param cluster failure detection, downing and transport ({@code atoll.cluster})
 * @param placement the shard keys every module must agree on ({@code atoll.sharding})
 * @param management the node's HTTP management endpoint ({@code atoll.management})
 * @since 0.1.0
 */
public record AtollSettings(Node node, Cluster cluster, Placement placement, Management management) {

  /**
   * {@code atoll.node}: the identity of this node.
   *
   * @param systemName the ActorSystem name; every node of one cluster must use the same
   * @param host the host or IP this node binds to and is reached at
   * @param port the TCP port; 0 picks a free one (useful in tests, useless for seed nodes)
   * @param seedNodes {@code host:port} of the nodes to join; empty means "join explicitly"
   * @param roles the cluster roles of this node
   * @param dataDirectory where this node keeps its journal and state
   */
  public record Node(
      String systemName,
      String host,
      int port,
      List<HostPort> seedNodes,
      List<String> roles,
      Path dataDirectory) {

    public Node {
      seedNodes = List.copyOf(seedNodes);
      roles = List.copyOf(roles);
    }

    /** The cluster address of the seed node {@code seed}, in Pekko's URI form. */
    public String seedNodeUri(HostPort seed) {
      return "pekko://" + systemName + "@" + seed.host() + ":" + seed.port();
    }
  }

  /** A {@code host:port} pair as written in {@code atoll.node.seed-nodes}. */
  public record HostPort(String host, int port) {
    @Override
    public String toString() {
      return host + ":" + port;
    }
  }

  /**
   * {@code atoll.cluster}.
   *
   * @param transport the Artery transport between nodes
   * @param heartbeatInterval how often the failure detector sends heartbeats
   * @param acceptableHeartbeatPause how long heartbeats may stop before a node becomes unreachable
   * @param minStdDeviation the least spread of heartbeat arrivals the failure detector assumes
   * @param downing what to do with unreachable nodes
   * @param leaveOnJvmShutdown whether stopping the JVM first leaves the cluster gracefully
   */
  public record Cluster(
      Transport transport,
      Duration heartbeatInterval,
      Duration acceptableHeartbeatPause,
      Duration minStdDeviation,
      Downing downing,
      boolean leaveOnJvmShutdown) {}

  /** The Artery transport: plain TCP, or TLS over TCP (keys under {@code pekko.remote.artery.ssl}). */
  public enum Transport {
    TCP("tcp"),
    TLS_TCP("tls-tcp");

    private final String configName;

    Transport(String configName) {
      this.configName = configName;
    }

    public String configName() {
      return configName;
    }

    static Transport parse(String name) {
      for (Transport t : values()) {
        if (t.configName.equals(name)) {
          return t;
        }
      }
      return null;
    }
  }

  /**
   * {@code atoll.cluster.downing}.
   *
   * @param strategy the split brain resolver strategy, or {@link DowningStrategy#OFF}
   * @param stableAfter how long membership must be stable before unreachable nodes are downed
   * @param staticQuorumSize the quorum of {@link DowningStrategy#STATIC_QUORUM}
   * @param checkInterval how often, while a member is unreachable, the resolver checks whether
   *     {@code stableAfter} has passed
   */
  public record Downing(DowningStrategy strategy, Duration stableAfter, int staticQuorumSize, Duration checkInterval) {}

  /** The split brain resolver strategies Atoll supports. */
  public enum DowningStrategy {
    KEEP_MAJORITY("keep-majority"),
    KEEP_OLDEST("keep-oldest"),
    STATIC_QUORUM("static-quorum"),
    DOWN_ALL("down-all"),
    /** No automatic downing: a crashed node stays until an operator downs it. */
    OFF("off");

    private final String configName;

    DowningStrategy(String configName) {
      this.configName = configName;
    }

    public String configName() {
      return configName;
    }

    static DowningStrategy parse(String name) {
      for (DowningStrategy s : values()) {
        if (s.configName.equals(name)) {
          return s;
        }
      }
      return null;
    }

    static List<String> names() {
      List<String> names = new ArrayList<>();
      for (DowningStrategy s : values()) {
        names.add(s.configName);
      }
      return names;
    }
  }

  /**
   * The placement keys of {@code atoll.sharding} that the framework itself needs, because the
   * sharding, the journal and the failover modules must all agree on them.
   *
   * @param numberOfShards how many shards entities are hashed into; never change it on a cluster
   *     that holds data
   * @param virtualNodes points per member on the {@link HashRing}
   */
  public record Placement(int numberOfShards, int virtualNodes) {

    public ShardFunction shardFunction() {
      return ShardFunction.of(numberOfShards);
    }
  }

  /**
   * {@code atoll.management}: the node's HTTP management endpoint (Pekko Management).
   *
   * @param enabled whether the endpoint is started
   * @param host the interface it binds to; loopback unless configured otherwise
   * @param port its TCP port; 0 picks a free one
   */
  public record Management(boolean enabled, String host, int port) {}

  /** Offset from the cluster port to the management port when {@code atoll.management.port = auto}. */
  public static final int AUTO_MANAGEMENT_PORT_OFFSET = 10_000;

  /**
   * Reads and validates the settings from {@code config}, falling back to the defaults of every
   * {@code reference.conf} on the class path for keys it does not set.
   *
   * @throws AtollConfigException listing every invalid value
   */
  public static AtollSettings fromConfig(Config config) {
    Config full = config.withFallback(ConfigFactory.defaultReference()).resolve();
    ConfigReader reader = new ConfigReader(full);
    Node node = readNode(reader);
    Cluster cluster = readCluster(reader);
    Placement placement =
        new Placement(
            reader.getInt("atoll.sharding.number-of-shards", 1, 1 << 20),
            reader.getInt("atoll.sharding.virtual-nodes", 1, 10_000));
    if (node.seedNodes().stream().anyMatch(seed -> seed.port() == 0)) {
      reader.problem("atoll.node.seed-nodes", "a seed node cannot have port 0");
    }
    if (cluster.downing().strategy() == DowningStrategy.STATIC_QUORUM
        && cluster.downing().staticQuorumSize() < 1) {
      reader.problem("atoll.cluster.downing.static-quorum-size", "must be > 0 with static-quorum");
    }
    Management management = readManagement(reader, node);
    reader.throwIfInvalid();
    return new AtollSettings(node, cluster, placement, management);
  }

  private static Node readNode(ConfigReader reader) {
    String systemName = reader.getNonEmptyString("atoll.node.system-name");
    if (!systemName.isEmpty() && !systemName.matches("[a-zA-Z0-9][a-zA-Z0-9_-]*")) {
      reader.problem("atoll.node.system-name", "must contain only letters, digits, '-' and '_'");
    }
    String host = reader.getNonEmptyString("atoll.node.host");
    int port = reader.getInt("atoll.node.port", 0, 65535);
    List<HostPort> seeds = new ArrayList<>();
    for (String seed : reader.getStringList("atoll.node.seed-nodes")) {
      HostPort parsed = parseHostPort(seed);
      if (parsed == null) {
        reader.problem(
            "atoll.node.seed-nodes",
            "'" + seed + "' is not host:port (for example 127.0.0.1:2551)");
      } else {
        seeds.add(parsed);
      }
    }
    List<String> roles = reader.getStringList("atoll.node.roles");
    String dataDir = reader.getNonEmptyString("atoll.node.data-dir");
    Path dataDirectory = Path.of(dataDir.isEmpty() ? "." : dataDir).toAbsolutePath().normalize();
    if (Files.exists(dataDirectory) && !Files.isDirectory(dataDirectory)) {
      reader.problem("atoll.node.data-dir", dataDirectory + " exists and is not a directory");
    }
    return new Node(systemName, host, port, seeds, roles, dataDirectory);
  }

  private static Cluster readCluster(ConfigReader reader) {
    Transport transport =
        reader.getChoice(
            "atoll.cluster.transport", Transport::parse, List.of("tcp", "tls-tcp"), Transport.TCP);
    Duration heartbeat = reader.getPositiveDuration("atoll.cluster.failure-detector.heartbeat-interval");
    Duration pause =
        reader.getPositiveDuration("atoll.cluster.failure-detector.acceptable-heartbeat-pause");
    if (pause.compareTo(heartbeat) <= 0) {
      reader.problem(
          "atoll.cluster.failure-detector.acceptable-heartbeat-pause",
          "must be longer than heartbeat-interval (" + heartbeat + ")");
    }
    Duration minStdDeviation =
        reader.getPositiveDuration("atoll.cluster.failure-detector.min-std-deviation");
    DowningStrategy strategy =
        reader.getChoice(
            "atoll.cluster.downing.strategy",
            DowningStrategy::parse,
            DowningStrategy.names(),
            DowningStrategy.KEEP_MAJORITY);
    Duration stableAfter = reader.getPositiveDuration("atoll.cluster.downing.stable-after");
    int quorum = reader.getInt("atoll.cluster.downing.static-quorum-size", 0, 1000);
    Duration checkInterval = reader.getPositiveDuration("atoll.cluster.downing.check-interval");
    boolean leaveOnJvmShutdown = reader.getBoolean("atoll.cluster.leave-on-jvm-shutdown");
    return new Cluster(
        transport, heartbeat, pause, minStdDeviation, new Downing(strategy, stableAfter, quorum, checkInterval), leaveOnJvmShutdown);
  }

  private static Management readManagement(ConfigReader reader, Node node) {
    boolean enabled = reader.getBoolean("atoll.management.enabled");
    String host = reader.getNonEmptyString("atoll.management.host");
    String rawPort = reader.getNonEmptyString("atoll.management.port");
    int port;
    if (rawPort.equals("auto")) {
      int derived = node.port() + AUTO_MANAGEMENT_PORT_OFFSET;
      port = node.port() == 0 || derived > 65535 ? 0 : derived;
    } else {
      port = reader.getInt("atoll.management.port", 0, 65535);
    }
    return new Management(enabled, host, port);
  }

  /** Parses {@code host:port} or a full {@code pekko://system@host:port}; null if malformed. */
  static HostPort parseHostPort(String text) {
    String s = text.trim();
    int at = s.lastIndexOf('@');
    if (s.startsWith("pekko://") && at > 0) {
      s = s.substring(at + 1);
    }
    int colon = s.lastIndexOf(':');
    if (colon <= 0 || colon == s.length() - 1) {
      return null;
    }
    String host = s.substring(0, colon);
    try {
      int port = Integer.parseInt(s.substring(colon + 1));
      if (port < 0 || port > 65535) {
        return null;
      }
      return new HostPort(host.toLowerCase(Locale.ROOT), port);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
