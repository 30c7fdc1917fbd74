package dev.mokv.cli.bench;

/** A run could not start or went wrong as a whole; the message is one line for the user. */
public final class BenchException extends Exception {

  private static final long serialVersionUID = 1L;

  /** With the one-line message for the user. */
  public BenchException(String message) {
    super(message);
  }
}
