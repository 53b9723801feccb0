package dev.atoll.samples.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import dev.atoll.framework.AtollNode;
import dev.atoll.samples.ledger.Ledger;
import dev.atoll.sharding.Entities;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The dashboard of a three-node cluster (three ActorSystems in this JVM with the embedded,
 * replicated journal and the ledger entity) as headless Chromium renders it: the members Up, the
 * ring of shards coloured by primary, the entities per node, and, after one node crashes, the
 * failovers of its shards. A second node serves no sharding or failover routes, and its page says
 * so instead of breaking.
 */
@ExtendWith(LogCapturingExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardIT {

  private static final int SHARDS = 64;
  private static final int ENTITIES = 60;
  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final Duration VIRTUAL_TIME = Duration.ofSeconds(4);

  private static Path workDir;
  private static HeadlessChromium chromium;
  private static final List<AtollNode> nodes = new ArrayList<>();

  @BeforeAll
  static void startCluster() throws Exception {
    workDir = Files.createDirectories(Path.of("target", "dashboard-it"));
    chromium = HeadlessChromium.find(workDir).orElse(null);
    if (chromium == null) {
      String missing = "headless Chromium is needed to render the dashboard: install it with"
          + " `apt-get update && apt-get install -y chromium` (Debian), or set "
          + HeadlessChromium.BINARY_VARIABLE + " to a Chromium binary";
      if (System.getenv("CI") != null) {
        fail(missing + " (CI is set, so this test does not skip)");
      }
      assumeTrue(false, missing);
    }
    Path data = Files.createTempDirectory(workDir, "data-");
    nodes.add(start(data.resolve("a"), ""));
    // The second node serves the page but not the sharding and failover views.
    nodes.add(start(data.resolve("b"),
        "pekko.management.http.routes { atoll-sharding = \"\", atoll-failover = \"\" }\n"));
    nodes.add(start(data.resolve("c"), ""));
    nodes.forEach(node -> node.join(nodes.get(0).selfAddress()));
    nodes.forEach(node -> node.awaitUp(TIMEOUT));
    nodes.forEach(node -> Entities.get(node.system()).init(Ledger.spec()));
    appendToEveryEntity(nodes.get(0), "before any crash");
  }

  /**
   * Appends to every entity through {@code node} until each has acknowledged (appending a value the
   * ledger holds is a no-op, so a retry is safe). On a loaded machine the first promotions of a new
   * cluster, and those after a crash, can outlast one ask.
   */
  private static void appendToEveryEntity(AtollNode node, String when) throws InterruptedException {
    List<CompletableFuture<Ledger.Values>> first = new ArrayList<>();
    for (int i = 0; i < ENTITIES; i++) {
      first.add(append(node, "account-" + i));
    }
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    for (int i = 0; i < ENTITIES; i++) {
      CompletableFuture<Ledger.Values> attempt = first.get(i);
      while (true) {
        try {
          attempt.get(15, java.util.concurrent.TimeUnit.SECONDS);
          break;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException notYet) {
          if (System.nanoTime() > deadline) {
            throw new AssertionError("account-" + i + " acknowledged no append " + when + " within " + TIMEOUT, notYet);
          }
          attempt = append(node, "account-" + i);
        }
      }
    }
  }

  private static AtollNode start(Path dataDir, String extra) {
    return AtollNode.start(ConfigFactory.parseString(extra
        + "atoll.node { port = 0, data-dir = \"" + dataDir.toAbsolutePath().toString().replace("\\", "/") + "\" }\n"
        + "atoll.management { enabled = on, port = 0 }\n"
        + "atoll.sharding { number-of-shards = " + SHARDS + ", virtual-nodes = 64 }\n"
        + "pekko.persistence.journal.plugin = atoll.journal\n"
        + "pekko.persistence.snapshot-store.plugin = atoll.snapshot-store\n"
        + "pekko.cluster.sharding.distributed-data.durable.keys = []\n"
        + "pekko.cluster.jmx.multi-mbeans-in-same-jvm = on\n"
        // terminate() then stops a node like a crash: no graceful leave, no hand-off.
        + "pekko.coordinated-shutdown.run-by-actor-system-terminate = off\n"));
  }

  @AfterAll
  static void stopCluster() {
    nodes.forEach(node -> node.system().terminate());
    nodes.forEach(node -> node.whenTerminated().toCompletableFuture().orTimeout(60, java.util.concurrent.TimeUnit.SECONDS).join());
  }

  private static CompletableFuture<Ledger.Values> append(AtollNode node, String id) {
    EntityRef<Ledger.Command> ref = Entities.get(node.system()).entityRefFor(Ledger.TYPE_NAME, id);
    return ref.<Ledger.Values>ask(replyTo -> new Ledger.Append(id + "-opened", replyTo), Duration.ofSeconds(10))
        .toCompletableFuture();
  }

  private static URI dashboardOf(AtollNode node) {
    return node.managementUri().orElseThrow().resolve("/atoll/dashboard");
  }

  private static String name(AtollNode node) {
    return node.selfAddress().toString();
  }

  private static String hostPort(AtollNode node) {
    return node.selfAddress().host().get() + ":" + node.selfAddress().port().get();
  }

  /** Renders {@code node}'s dashboard until {@code check} passes (the cluster settles as it runs). */
  private static String renderUntil(AtollNode node, java.util.function.Consumer<String> check) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      String dom = chromium.dumpDom(dashboardOf(node), VIRTUAL_TIME);
      try {
        check.accept(dom);
        return dom;
      } catch (AssertionError notYet) {
        if (System.nanoTime() > deadline) {
          throw notYet;
        }
        Thread.sleep(500);
      }
    }
  }

  private static int count(String dom, String regex) {
    Matcher matcher = Pattern.compile(regex).matcher(dom);
    int n = 0;
    while (matcher.find()) {
      n++;
    }
    return n;
  }

  private static int entitiesShown(String dom) {
    Matcher matcher = Pattern.compile("<tr class=\"entity-row\" data-address=\"[^\"]+\" data-entities=\"(\\d+)\"").matcher(dom);
    int sum = 0;
    while (matcher.find()) {
      sum += Integer.parseInt(matcher.group(1));
    }
    return sum;
  }

  @Test
  @Order(1)
  void showsTheThreeMembersUpAndEveryShardOnTheRingColouredByItsPrimary() throws Exception {
    AtollNode first = nodes.get(0);
    String dom = renderUntil(first, page -> {
      for (AtollNode node : nodes) {
        assertThat(page).as("member row of %s", name(node))
            .contains("data-address=\"" + name(node) + "\" data-status=\"Up\" data-reachable=\"true\"");
      }
      assertThat(count(page, "<path [^>]*class=\"shard\"")).as("primary sectors on the ring").isEqualTo(SHARDS);
    });
    assertThat(count(dom, "<tr class=\"member\"")).isEqualTo(3);
    for (AtollNode node : nodes) {
      assertThat(count(dom, "class=\"shard\" data-shard=\"\\d+\" data-role=\"primary\" data-primary=\"" + Pattern.quote(name(node)) + "\""))
          .as("shards whose primary is %s", name(node)).isPositive();
      assertThat(dom).as("legend entry of %s", name(node)).contains("<li data-address=\"" + name(node) + "\">");
      assertThat(dom).contains(hostPort(node));
    }
    assertThat(dom).contains("<span class=\"badge\">this node</span>").contains(SHARDS + " shards");

    chromium.screenshot(dashboardOf(first), VIRTUAL_TIME, workDir.resolve("dashboard.png"), 1280, 1000);
  }

  @Test
  @Order(2)
  void countsTheEntitiesEachNodeRuns() throws Exception {
    String dom = renderUntil(nodes.get(0), page -> {
      assertThat(count(page, "<tr class=\"entity-row\"")).as("rows of entity counts").isEqualTo(3);
      assertThat(entitiesShown(page)).as("entities on all nodes").isEqualTo(ENTITIES);
    });
    assertThat(dom).contains("Ledger entities (shards)");
  }

  @Test
  @Order(3)
  void saysWhichModulesAreNotServedInsteadOfBreaking() throws Exception {
    String dom = renderUntil(nodes.get(1), page -> assertThat(page)
        .contains("The cluster-sharding module is not running on this node (GET /atoll/shards answered 404).")
        .contains("The failover module is not running on this node (GET /atoll/failover answered 404).")
        .contains("data-address=\"" + name(nodes.get(2)) + "\" data-status=\"Up\""));
    assertThat(count(dom, "<section id=\"ring\" class=\"card\" data-state=\"absent\"")).isEqualTo(1);
  }

  @Test
  @Order(4)
  void listsTheFailoversOfACrashedNodesShards() throws Exception {
    AtollNode first = nodes.get(0);
    AtollNode victim = nodes.remove(2);
    String victimName = hostPort(victim); // the failover module names nodes host:port
    victim.system().terminate();
    victim.whenTerminated().toCompletableFuture().orTimeout(60, java.util.concurrent.TimeUnit.SECONDS).join();

    // A shard fails over when one of its entities next recovers: touch every entity until all answer.
    appendToEveryEntity(first, "after the crash of " + victimName);

    String dom = renderUntil(first, page -> {
      assertThat(count(page, "<tr class=\"failover\"")).as("failover rows").isPositive();
      assertThat(page).doesNotContain("No failover since this node started.");
      assertThat(count(page, "<tr class=\"member\"")).as("members after the crash").isEqualTo(2);
    });
    Matcher from = Pattern.compile("<tr class=\"failover\" data-shard=\"\\d+\">(.*?)</tr>").matcher(dom);
    List<String> rows = new ArrayList<>();
    while (from.find()) {
      rows.add(from.group(1));
    }
    assertThat(rows).as("every failover is away from the crashed node")
        .allSatisfy(row -> assertThat(row).containsPattern(
            "^<td[^>]*>[^<]+</td><td>\\d+</td><td><span class=\"kind kind-failover\">failover</span></td>"
                + "<td class=\"address\" title=\"" + Pattern.quote(victimName) + "\">"));
    // Only the new primary measured how long establishing took; the page says so for the others.
    Pattern cells = Pattern.compile(
        "<td class=\"address\" title=\"[^\"]+\">.*?<td class=\"address\" title=\"([^\"]+)\">.*(<td[^>]*>[^<]*</td>)$");
    for (String row : rows) {
      Matcher matcher = cells.matcher(row);
      assertThat(matcher.find()).as("new primary and establishing time in %s", row).isTrue();
      if (matcher.group(1).equals(hostPort(first))) {
        assertThat(matcher.group(2)).matches("<td class=\"took\">\\d+ ms</td>");
      } else {
        assertThat(matcher.group(2)).contains("measured by the new primary only");
      }
    }
    JsonNode recent = new ObjectMapper().readTree(HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(first.managementUri().orElseThrow().resolve("/atoll/failover")).GET().build(),
        HttpResponse.BodyHandlers.ofString()).body()).path("recentFailovers");
    List<JsonNode> promotedHere = new ArrayList<>();
    recent.forEach(f -> {
      if (f.path("primary").asText().equals(hostPort(first))) {
        promotedHere.add(f);
      }
    });
    assertThat(promotedHere).as("failovers to this node, of %s", recent).isNotEmpty()
        .allSatisfy(f -> assertThat(f.path("establishingMillis").isNumber()).as("%s", f).isTrue());
    assertThat(entitiesShown(dom)).as("entities on the two remaining nodes").isEqualTo(ENTITIES);

    chromium.screenshot(dashboardOf(first), VIRTUAL_TIME, workDir.resolve("dashboard-after-failover.png"), 1280, 1100);
  }
}
