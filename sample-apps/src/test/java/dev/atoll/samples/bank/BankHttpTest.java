package dev.atoll.samples.bank;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.atoll.framework.AtollNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The bank's HTTP API on one node with the embedded journal: answers, status codes and errors. */
@ExtendWith(LogCapturingExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BankHttpTest {

  private AtollNode node;
  private int port;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void startOneNode(@TempDir Path dataDir) {
    node = AtollNode.start(ConfigFactory.parseString(
            "atoll.node { port = 0, data-dir = \"" + dataDir.toString().replace("\\", "/") + "\" }\n"
                + "atoll.management.enabled = off\n"
                + "pekko.persistence.journal.plugin = \"atoll.journal\"\n"
                + "pekko.persistence.snapshot-store.plugin = \"atoll.snapshot-store\"\n")
        .withFallback(ConfigFactory.load()));
    node.join(node.selfAddress());
    node.awaitUp(Duration.ofSeconds(30));
    ServerBinding binding = BankHttp.start(node.system(), "127.0.0.1", 0).toCompletableFuture().join();
    port = binding.localAddress().getPort();
  }

  @AfterAll
  void stop() {
    node.system().terminate();
    node.whenTerminated().toCompletableFuture().join();
  }

  private record Answer(int code, Map<String, Object> body) {}

  private Answer post(String pathAndQuery) throws Exception {
    return send(HttpRequest.newBuilder(uri(pathAndQuery)).POST(HttpRequest.BodyPublishers.noBody()).build());
  }

  private Answer get(String path) throws Exception {
    return send(HttpRequest.newBuilder(uri(path)).GET().build());
  }

  private URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + port + pathAndQuery);
  }

  /** Sends {@code request}, again while it is a 503 (as the API asks: every request is idempotent). */
  private Answer send(HttpRequest request) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 503 || System.nanoTime() > deadline) {
        return new Answer(response.statusCode(), BankHttp.parse(response.body()));
      }
    }
  }

  @Test
  void opensAccountsDepositsOncePerOperationAndTransfersOncePerId() throws Exception {
    assertThat(post("/accounts/alice?balance=100")).isEqualTo(new Answer(200, Map.of("id", "alice", "balance", 100)));
    assertThat(post("/accounts/bob").body()).containsEntry("balance", 0);
    assertThat(post("/accounts/bob/deposits/d1?amount=5").body()).containsEntry("balance", 5);
    assertThat(post("/accounts/bob/deposits/d1?amount=5").body()).containsEntry("balance", 5);

    Answer transfer = post("/transfers/t1?from=alice&to=bob&amount=30");
    Answer retried = post("/transfers/t1?from=alice&to=bob&amount=30");

    assertThat(transfer.code()).isEqualTo(200);
    assertThat(transfer.body()).containsEntry("phase", "COMPLETED").containsEntry("amount", 30).containsEntry("reason", "");
    assertThat(retried).isEqualTo(transfer);
    assertThat(get("/transfers/t1")).isEqualTo(transfer);
    assertThat(get("/accounts/alice").body()).containsEntry("balance", 70);
    assertThat(get("/accounts/bob").body()).containsEntry("balance", 35);
  }

  @Test
  void aTransferThatWouldOverdrawFailsWithTheReasonAndMovesNothing() throws Exception {
    post("/accounts/carol?balance=10");
    post("/accounts/dave?balance=0");

    Answer failed = post("/transfers/t2?from=carol&to=dave&amount=11");

    assertThat(failed.code()).isEqualTo(200);
    assertThat(failed.body()).containsEntry("phase", "FAILED")
        .containsEntry("reason", "debit rejected: insufficient funds: account 'carol' has balance 10, withdrawal of 11 refused");
    assertThat(get("/accounts/carol").body()).containsEntry("balance", 10);
    assertThat(get("/accounts/dave").body()).containsEntry("balance", 0);
  }

  @Test
  void badInputIsA400NamingTheParameter() throws Exception {
    post("/accounts/erin?balance=10");
    post("/accounts/frank?balance=10");

    assertThat(post("/transfers/t3?from=erin&to=frank")).isEqualTo(
        new Answer(400, Map.of("error", "query parameter 'amount' is missing (a whole number > 0)")));
    assertThat(post("/transfers/t3?from=erin&to=frank&amount=-4")).isEqualTo(
        new Answer(400, Map.of("error", "query parameter 'amount' = '-4': must be a whole number > 0")));
    assertThat(post("/transfers/t3?from=erin&to=frank&amount=ten").code()).isEqualTo(400);
    assertThat(post("/transfers/t3?to=frank&amount=1")).isEqualTo(
        new Answer(400, Map.of("error", "transfer t3: query parameter 'from' (the source account) is missing")));
    assertThat(post("/transfers/t3?from=erin&to=erin&amount=1")).isEqualTo(
        new Answer(400, Map.of("error", "invalid accounts: transfer t3 from 'erin' to itself")));
    assertThat(post("/accounts/grace?balance=-1").code()).isEqualTo(400);
    assertThat(post("/accounts/erin/deposits/d0?amount=0").code()).isEqualTo(400);
  }

  @Test
  void anUnknownAccountOrTransferIsA404NamingIt() throws Exception {
    post("/accounts/heidi?balance=10");

    assertThat(post("/transfers/t4?from=heidi&to=nobody&amount=1")).isEqualTo(
        new Answer(404, Map.of("error", "unknown account: 'nobody' was never opened")));
    assertThat(get("/accounts/nobody").code()).isEqualTo(404);
    assertThat(get("/transfers/never")).isEqualTo(new Answer(404, Map.of("error", "unknown transfer: 'never' was never started")));
    assertThat(get("/accounts/heidi").body()).containsEntry("balance", 10);
  }

  @Test
  void reusingAnIdForAnotherRequestOrReopeningIsA409() throws Exception {
    post("/accounts/ivan?balance=10");
    post("/accounts/judy?balance=10");
    post("/transfers/t5?from=ivan&to=judy&amount=1");

    assertThat(post("/transfers/t5?from=ivan&to=judy&amount=2")).isEqualTo(new Answer(409,
        Map.of("error", "conflict: transfer t5 is 1 from 'ivan' to 'judy', not 2 from 'ivan' to 'judy'")));
    assertThat(post("/accounts/ivan?balance=10")).isEqualTo(
        new Answer(409, Map.of("error", "already open: account 'ivan' has balance 9")));
    assertThat(post("/accounts/ivan/withdrawals/w1?amount=100").code()).isEqualTo(409);
    assertThat(get("/accounts/judy").body()).containsEntry("balance", 11);
  }
}
