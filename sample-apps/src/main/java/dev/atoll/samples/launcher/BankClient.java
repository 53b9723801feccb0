package dev.atoll.samples.launcher;

import dev.atoll.samples.bank.BankHttp;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A client of the bank's HTTP API over several nodes, as the demo's transfer clients use it: each
 * call goes to one node, and a caller that got no answer moves on to the next node for its retry.
 * Thread-safe (the JDK's {@link HttpClient} is).
 */
final class BankClient {

  /** An HTTP answer: its status code and JSON body, or code 0 if the node did not answer. */
  record Answer(int code, Map<String, Object> body) {
    boolean ok() {
      return code == 200;
    }

    /** 503 or no answer at all: the outcome is unknown and the same request should be retried. */
    boolean unknown() {
      return code == 0 || code == 503;
    }

    String text(String field) {
      return String.valueOf(body.get(field));
    }
  }

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final List<Integer> httpPorts;

  BankClient(List<Integer> httpPorts) {
    this.httpPorts = List.copyOf(httpPorts);
  }

  int nodes() {
    return httpPorts.size();
  }

  Answer open(int node, String account, long balance) {
    return post(node, "/accounts/" + encode(account) + "?balance=" + balance);
  }

  Answer balance(int node, String account) {
    return send(request(node, "/accounts/" + encode(account)).GET().build());
  }

  Answer transfer(int node, String id, String from, String to, long amount) {
    return post(node, "/transfers/" + encode(id) + "?from=" + encode(from) + "&to=" + encode(to) + "&amount=" + amount);
  }

  /** The balance of {@code account}, asking node after node until one answers 200 or {@code timeout} passes. */
  Optional<Long> balanceWithRetries(String account, int firstNode, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (int attempt = 0; System.nanoTime() < deadline; attempt++) {
      Answer answer = balance((firstNode + attempt) % nodes(), account);
      if (answer.ok()) {
        return Optional.of(((Number) answer.body().get("balance")).longValue());
      }
      Thread.sleep(200);
    }
    return Optional.empty();
  }

  private Answer post(int node, String pathAndQuery) {
    return send(request(node, pathAndQuery).POST(HttpRequest.BodyPublishers.noBody()).build());
  }

  // Longer than the API's own 5 s answer timeout, so that a slow answer is a 503, not a lost one.
  private HttpRequest.Builder request(int node, String pathAndQuery) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPorts.get(node) + pathAndQuery)).timeout(Duration.ofSeconds(8));
  }

  private Answer send(HttpRequest request) {
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), BankHttp.parse(response.body()));
    } catch (IOException e) {
      return new Answer(0, Map.of("error", String.valueOf(e)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Answer(0, Map.of("error", "interrupted"));
    }
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
