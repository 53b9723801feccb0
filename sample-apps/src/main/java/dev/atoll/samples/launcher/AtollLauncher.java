package dev.atoll.samples.launcher;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code bin/atoll} command line: one subcommand per thing a user starts. Each subcommand is
 * its own class; this one only assembles them and maps failures to exit codes.
 *
 * <p>Exit codes: 0 success, 1 runtime failure, 2 bad usage or invalid configuration.
 */
@Command(
    name = "atoll",
    mixinStandardHelpOptions = true,
    versionProvider = AtollLauncher.Version.class,
    description = "Runs Atoll nodes: sharded, event-sourced entities on Apache Pekko.",
    subcommands = {NodeCommand.class, DemoCommand.class, ChaosCommand.class, CommandLine.HelpCommand.class},
    footer = {"", "Run 'atoll COMMAND --help' for the options of a command."})
public final class AtollLauncher {

  /** Exit code for bad usage and invalid configuration (picocli's convention for usage errors). */
  static final int EXIT_USAGE = 2;

  public static void main(String[] args) {
    int exitCode = commandLine().execute(args);
    // A node command returns only when its node has stopped; exit so no stray thread keeps us up.
    System.exit(exitCode);
  }

  static CommandLine commandLine() {
    return new CommandLine(new AtollLauncher())
        .setExitCodeExceptionMapper(ExitCodes::forException)
        .setExecutionExceptionHandler(ExitCodes::report);
  }

  /** Prints the version from the jar manifest, or "development" when run from classes. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = AtollLauncher.class.getPackage().getImplementationVersion();
      return new String[] {"atoll " + (version == null ? "(development build)" : version)};
    }
  }
}
