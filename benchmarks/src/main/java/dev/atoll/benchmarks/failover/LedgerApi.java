package dev.atoll.benchmarks.failover;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * The HTTP client of the ledger API that both Atoll's ledger sample and {@link PekkoLedgerNode}
 * serve, and of their JSON status endpoints. Any failure (a refused connection, a timeout, a 503)
 * is an empty answer: the caller retries, as a real client would.
 */
final class LedgerApi {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** Appends {@code value} to ledger {@code id} through the node serving HTTP on {@code port}. */
  Optional<JsonNode> append(int port, String id, String value) {
    String uri = "http://127.0.0.1:" + port + "/ledger/" + id + "?value=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    return send(HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(8))
        .POST(HttpRequest.BodyPublishers.noBody()).build());
  }

  /** {@code GET path} on 127.0.0.1:{@code port}, if it answers 200 with JSON. */
  Optional<JsonNode> get(int port, String path) {
    return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(5)).GET().build());
  }

  private Optional<JsonNode> send(HttpRequest request) {
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? Optional.of(JSON.readTree(response.body())) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
