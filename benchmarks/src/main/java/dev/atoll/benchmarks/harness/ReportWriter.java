package dev.atoll.benchmarks.harness;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/**
 * Writes what a run measured: one JSON file and one PNG chart per scenario, and one Markdown table
 * for the whole run ({@code summary.md}), all in one directory.
 */
public final class ReportWriter {

  private final Path directory;
  private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public ReportWriter(Path directory) {
    this.directory = directory;
  }

  public Path jsonFile(String scenario) {
    return directory.resolve(scenario + ".json");
  }

  public Path chartFile(String scenario) {
    return directory.resolve(scenario + ".png");
  }

  public Path summaryFile() {
    return directory.resolve("summary.md");
  }

  public void write(List<ScenarioResult> results, String command) throws IOException {
    Files.createDirectories(directory);
    for (ScenarioResult result : results) {
      json.writeValue(jsonFile(result.scenario()).toFile(), result);
      if (!result.rounds().isEmpty()) {
        BitmapEncoder.saveBitmap(chart(result), chartFile(result.scenario()).toString(), BitmapEncoder.BitmapFormat.PNG);
      }
    }
    Files.writeString(summaryFile(), markdown(results, command));
  }

  /**
   * The Markdown table: one row per contender, with Atoll's ratio to each baseline; a contender that
   * was skipped, or stopped by a failure, says so in its row, with the reason.
   */
  public static String markdown(List<ScenarioResult> results, String command) {
    StringBuilder md = new StringBuilder();
    md.append("Command: `").append(command).append("`\n\n");
    md.append("| scenario | contender | unit | min | median | max | Atoll / this (min, median, max) |\n");
    md.append("|---|---|---|---|---|---|---|\n");
    for (ScenarioResult result : results) {
      for (Map.Entry<String, Stats> entry : result.statsByContender().entrySet()) {
        Stats stats = entry.getValue();
        Stats ratio = result.ratios().get(entry.getKey());
        md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |%n",
            result.scenario(), entry.getKey(), result.unit(),
            figure(stats.min()), figure(stats.median()), figure(stats.max()),
            ratioCell(ratio) + note(result, entry.getKey())));
      }
      for (Map.Entry<String, String> entry : result.skipped().entrySet()) {
        if (!result.rounds().containsKey(entry.getKey())) {
          md.append(String.format(Locale.ROOT, "| %s | %s | %s | — | — | — | %s |%n",
              result.scenario(), entry.getKey(), result.unit(), cell(entry.getValue())));
        }
      }
    }
    md.append("\nRatios above 1 favour Atoll for throughput figures, below 1 for latencies, times and moves.\n");
    return md.toString();
  }

  private static String ratioCell(Stats ratio) {
    return ratio == null ? "—" : ratio(ratio.min()) + ", **" + ratio(ratio.median()) + "**, " + ratio(ratio.max());
  }

  /** Two decimals, or two significant digits below 0.1, so that a ratio of 0.003 does not read 0.00. */
  static String ratio(double value) {
    return value >= 0.1 || value == 0 ? String.format(Locale.ROOT, "%.2f", value)
        : new java.math.BigDecimal(value).round(new java.math.MathContext(2)).toPlainString();
  }

  private static String note(ScenarioResult result, String contender) {
    String reason = result.skipped().get(contender);
    return reason == null ? "" : " (" + cell(reason) + ")";
  }

  /** Text safe inside a Markdown table cell. */
  private static String cell(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }

  private static String figure(double value) {
    return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.2f", value);
  }

  private static CategoryChart chart(ScenarioResult result) {
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(800)
            .height(450)
            .title(result.scenario())
            .xAxisTitle("round")
            .yAxisTitle(result.unit())
            .build();
    for (Map.Entry<String, List<Double>> entry : result.rounds().entrySet()) {
      List<Integer> rounds = new ArrayList<>();
      for (int i = 1; i <= entry.getValue().size(); i++) {
        rounds.add(i);
      }
      chart.addSeries(entry.getKey(), rounds, entry.getValue());
    }
    return chart;
  }
}
