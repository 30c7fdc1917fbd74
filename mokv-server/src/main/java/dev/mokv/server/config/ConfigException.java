package dev.mokv.server.config;

import java.util.List;

/**
 * A node configuration was rejected. Carries every problem found, not only the first, so that one
 * run tells an operator everything to fix; each problem names the key and the bad value, e.g.
 * {@code rpc-port must be 1..65535, was 0}.
 */
public final class ConfigException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  @SuppressWarnings("serial") // List.copyOf returns a serializable list.
  private final List<String> problems;

  /**
   * Creates the exception; the message is the problems, one per line.
   *
   * @throws IllegalArgumentException if {@code problems} is empty
   */
  public ConfigException(List<String> problems) {
    super(String.join("\n", problems));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a ConfigException needs at least one problem");
    }
    this.problems = List.copyOf(problems);
  }

  /** Creates the exception for a single problem. */
  public ConfigException(String problem) {
    this(List.of(problem));
  }

  /** The problems found, in the order they were found; never empty. */
  public List<String> problems() {
    return problems;
  }
}
