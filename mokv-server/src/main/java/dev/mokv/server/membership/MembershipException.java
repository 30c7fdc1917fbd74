package dev.mokv.server.membership;

/** The membership layer could not start, e.g. because the gossip port is in use. */
public final class MembershipException extends RuntimeException {

  MembershipException(String message, Throwable cause) {
    super(message, cause);
  }
}
