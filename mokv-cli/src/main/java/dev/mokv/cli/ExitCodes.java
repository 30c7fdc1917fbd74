package dev.mokv.cli;

/** Exit codes of every mokv command. */
final class ExitCodes {
  /** Success. */
  static final int OK = 0;

  /** The request failed, the key was not found, or the node could not start or stopped on error. */
  static final int FAILED = 1;

  /** The command line was wrong. */
  static final int USAGE = 2;

  private ExitCodes() {}
}
