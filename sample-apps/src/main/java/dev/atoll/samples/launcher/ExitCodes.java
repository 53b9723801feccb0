package dev.atoll.samples.launcher;

import dev.atoll.framework.AtollConfigException;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** Maps what went wrong in a command to an exit code and a message a user can act on. */
final class ExitCodes {

  private ExitCodes() {}

  static int forException(Throwable error) {
    return error instanceof AtollConfigException ? AtollLauncher.EXIT_USAGE : 1;
  }

  /** Storage errors name their path and cause in the message: print that, not a stack trace. */
  private static boolean speaksForItself(Exception error) {
    return error instanceof dev.atoll.journal.JournalStoreException;
  }

  /** Prints configuration errors as plain sentences (no stack trace: the message says it all). */
  static int report(Exception error, CommandLine commandLine, ParseResult parseResult) {
    if (error instanceof AtollConfigException) {
      commandLine.getErr().println("atoll: " + error.getMessage());
      return AtollLauncher.EXIT_USAGE;
    }
    commandLine.getErr().println("atoll: " + (speaksForItself(error) ? error.getMessage() : error));
    if (!speaksForItself(error)) {
      error.printStackTrace(commandLine.getErr());
    }
    return 1;
  }
}
