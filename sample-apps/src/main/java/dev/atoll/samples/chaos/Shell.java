package dev.atoll.samples.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a system command (iptables, mount) and returns its exit code and output. */
final class Shell {

  record Result(int exitCode, String output) {
    boolean ok() {
      return exitCode == 0;
    }
  }

  private Shell() {}

  static Result run(String... command) {
    try {
      Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
      byte[] out = process.getInputStream().readAllBytes();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return new Result(-1, String.join(" ", command) + ": timed out");
      }
      return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8).trim());
    } catch (IOException e) {
      return new Result(-1, String.join(" ", command) + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(-1, String.join(" ", command) + ": interrupted");
    }
  }

  /** Runs the command and fails, quoting it and its output, unless it exits 0. */
  static String check(String... command) {
    Result result = run(command);
    if (!result.ok()) {
      throw new IllegalStateException("'" + String.join(" ", command) + "' failed (exit " + result.exitCode() + "): " + result.output());
    }
    return result.output();
  }

  static boolean isRoot() {
    Result id = run("id", "-u");
    return id.ok() && id.output().equals("0");
  }
}
