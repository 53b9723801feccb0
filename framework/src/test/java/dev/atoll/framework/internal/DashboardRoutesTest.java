package dev.atoll.framework.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.atoll.framework.AtollNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The dashboard's files over the management endpoint: the right content types and headers, and
 * nothing but the named assets (no other path, no traversal, no writes). How the page renders a
 * live cluster is tested in headless Chromium by sample-apps' {@code DashboardIT}.
 */
@ExtendWith(LogCapturingExtension.class)
class DashboardRoutesTest {

  private static AtollNode node;
  private static String base;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws IOException {
    Path dataDir = Files.createTempDirectory("atoll-dashboard-test");
    node = AtollNode.start(ConfigFactory.parseString(
        "atoll.node { port = 0, data-dir = \"" + dataDir.toString().replace("\\", "/") + "\" }\n"
            + "atoll.management.port = 0"));
    base = node.managementUri().orElseThrow().toString().replaceAll("/$", "");
  }

  @AfterAll
  static void stop() {
    node.system().terminate();
    node.whenTerminated().toCompletableFuture().join();
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String contentType(HttpResponse<?> response) {
    return response.headers().firstValue("Content-Type").orElse("");
  }

  @Test
  void servesThePageAsHtmlThatLoadsItsOwnScriptAndStyle() throws Exception {
    for (String path : new String[] {"/atoll/dashboard", "/atoll/dashboard/"}) {
      HttpResponse<String> page = get(path);
      assertThat(page.statusCode()).as(path).isEqualTo(200);
      assertThat(contentType(page)).as(path).isEqualTo("text/html; charset=UTF-8");
      assertThat(page.body())
          .contains("<script src=\"/atoll/dashboard/dashboard.js\" defer></script>")
          .contains("href=\"/atoll/dashboard/dashboard.css\"")
          .doesNotContain("http://", "https://");
    }
  }

  @Test
  void servesTheScriptAndTheStyleSheetWithTheirContentTypes() throws Exception {
    HttpResponse<String> script = get("/atoll/dashboard/dashboard.js");
    assertThat(script.statusCode()).isEqualTo(200);
    assertThat(contentType(script)).isEqualTo("application/javascript; charset=UTF-8");
    assertThat(script.body()).contains("/atoll/members", "/atoll/shards", "/atoll/failover");

    HttpResponse<String> style = get("/atoll/dashboard/dashboard.css");
    assertThat(style.statusCode()).isEqualTo(200);
    assertThat(contentType(style)).isEqualTo("text/css; charset=UTF-8");
  }

  @Test
  void everyFileCarriesAPolicyThatAllowsOnlyThisOrigin() throws Exception {
    for (String path : new String[] {"/atoll/dashboard", "/atoll/dashboard/dashboard.js", "/atoll/dashboard/dashboard.css"}) {
      HttpResponse<String> response = get(path);
      assertThat(response.headers().firstValue("Content-Security-Policy")).as(path).hasValueSatisfying(policy ->
          assertThat(policy).contains("default-src 'none'", "script-src 'self'", "connect-src 'self'"));
      assertThat(response.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
    }
  }

  @Test
  void answersNotFoundForAnyOtherName() throws Exception {
    HttpResponse<String> unknown = get("/atoll/dashboard/secrets.js");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).contains("no dashboard asset named 'secrets.js'");
    assertThat(get("/atoll/dashboard/dev/atoll/framework/dashboard/index.html").statusCode()).isEqualTo(404);
  }

  @Test
  void cannotBeLedOutOfTheDashboardsFiles() throws Exception {
    for (String path : new String[] {
        "/atoll/dashboard/..%2Freference.conf",
        "/atoll/dashboard/%2e%2e/%2e%2e/reference.conf",
        "/atoll/dashboard/..%2F..%2F..%2F..%2Freference.conf",
        "/atoll/dashboard/%2Fetc%2Fpasswd",
        "/atoll/dashboard/..\\reference.conf"
            .replace("\\", "%5C")}) {
      HttpResponse<String> response = get(path);
      assertThat(response.statusCode()).as(path).isEqualTo(404);
      assertThat(response.body()).as(path).doesNotContain("atoll {", "root:");
    }
  }

  @Test
  void isReadOnly() throws Exception {
    HttpResponse<String> post = HTTP.send(
        HttpRequest.newBuilder(URI.create(base + "/atoll/dashboard")).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isIn(404, 405);
  }

  @Test
  void theScriptPutsNoDataIntoTheDomAsMarkup() throws IOException {
    String script;
    try (InputStream in = DashboardRoutes.class.getResourceAsStream("/dev/atoll/framework/dashboard/dashboard.js")) {
      script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    // The SVG namespace is a name, not an address the page loads.
    script = script.replace("'http://www.w3.org/2000/svg'", "");
    assertThat(script).doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(")
        .doesNotContain("setAttribute('style'", "http://", "https://");
  }
}
