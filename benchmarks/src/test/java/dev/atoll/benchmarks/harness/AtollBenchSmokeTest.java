package dev.atoll.benchmarks.harness;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Runs the harness end to end on its cheapest scenario so the harness cannot rot. */
class AtollBenchSmokeTest {

  @TempDir Path out;

  @Test
  void aQuickRunWritesJsonAChartAndATableWithTheRatio() throws Exception {
    System.setProperty("java.awt.headless", "true");
    int exit =
        new CommandLine(new AtollBench())
            .execute("placement-lookup", "--quick", "--rounds", "2", "--round-seconds", "1", "--out", out.toString());
    assertThat(exit).isZero();

    ReportWriter files = new ReportWriter(out);
    JsonNode json = new ObjectMapper().readTree(files.jsonFile("placement-lookup").toFile());
    assertThat(json.path("rounds").path("atoll-hashring")).hasSize(2);
    assertThat(json.path("ratios").path("modulo").path("median").asDouble()).isPositive();

    byte[] png = Files.readAllBytes(files.chartFile("placement-lookup"));
    assertThat(png).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');

    assertThat(Files.readString(files.summaryFile()))
        .contains("| placement-lookup | atoll-hashring | lookups/s")
        .contains("| placement-lookup | modulo | lookups/s");
  }

  @Test
  void anUnknownScenarioIsRefusedNamingTheKnownOnes() {
    java.io.StringWriter err = new java.io.StringWriter();
    CommandLine cli = new CommandLine(new AtollBench());
    cli.setErr(new java.io.PrintWriter(err));
    int exit = cli.execute("no-such-scenario", "--out", out.toString());
    assertThat(exit).isNotZero();
    assertThat(err.toString()).contains("unknown scenario 'no-such-scenario'").contains("placement-lookup");
  }
}
