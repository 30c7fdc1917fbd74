package dev.mokv.server.membership;

import java.util.Objects;

/**
 * A {@code host:port} address as members advertise and dial it.
 *
 * <p>Exists so that every address entering the membership layer (seeds, advertised RPC and Raft
 * addresses) is checked once, with a message that names the bad value, instead of failing later
 * inside ScaleCube or Netty. IPv6 literals are written in brackets: {@code [::1]:8401}.
 */
record HostPort(String host, int port) {

  HostPort {
    Objects.requireNonNull(host, "host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("host must not be blank");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, was " + port);
    }
  }

  /**
   * Parses {@code host:port}; {@code what} names the value in the error message.
   *
   * @throws IllegalArgumentException if the text is not {@code host:port} with a port 1..65535
   */
  static HostPort parse(String text, String what) {
    Objects.requireNonNull(text, what);
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new IllegalArgumentException(what + " must be host:port, was '" + text + "'");
    }
    String host = text.substring(0, colon);
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " has a bad port: '" + text + "'");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(what + " port must be 1..65535, was '" + text + "'");
    }
    if (host.isBlank() || (host.contains(":") && !host.startsWith("["))) {
      throw new IllegalArgumentException(what + " must be host:port, was '" + text + "'");
    }
    return new HostPort(host, port);
  }

  @Override
  public String toString() {
    return host + ":" + port;
  }
}
