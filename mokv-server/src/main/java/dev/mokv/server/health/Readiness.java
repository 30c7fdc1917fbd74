package dev.mokv.server.health;

/**
 * Whether a node should receive client traffic, and if not, why, in one line for an operator.
 *
 * @param ready whether the node serves
 * @param reason {@code ok} when ready; otherwise what is missing, e.g. {@code no known leader}
 */
public record Readiness(boolean ready, String reason) {

  private static final Readiness READY = new Readiness(true, "ok");

  /** A ready node. */
  public static Readiness ok() {
    return READY;
  }

  /** A node that is not ready, for {@code reason}. */
  public static Readiness notReady(String reason) {
    return new Readiness(false, reason);
  }
}
