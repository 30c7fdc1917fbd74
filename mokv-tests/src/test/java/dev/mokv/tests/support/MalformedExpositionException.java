package dev.mokv.tests.support;

/** An exposition that breaks the Prometheus text format, with the line where it does. */
public final class MalformedExpositionException extends IllegalArgumentException {

  private final int line;

  MalformedExpositionException(int line, String message) {
    super((line > 0 ? "line " + line + ": " : "") + message);
    this.line = line;
  }

  /** The 1-based line number, or 0 for a problem of the whole text. */
  public int line() {
    return line;
  }
}
