package dev.mokv.server.config;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A host and a TCP port, written {@code host:port}, or {@code [address]:port} for an IPv6 address,
 * as in the config file and on the command line.
 *
 * <p>The host is kept as written and never resolved here, so a name that does not resolve yet (a
 * container that starts later) is still accepted; whether it is reachable is found out when it is
 * used.
 *
 * <p>Messages of the {@link IllegalArgumentException}s thrown here complete a sentence that starts
 * with the name of the value, for example {@code "bind-addr " + e.getMessage()} reads "bind-addr
 * must be host:port, was 'x'".
 */
public record HostPort(String host, int port) {

  /** A host name or an IPv4 address. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  /**
   * An IPv6 address (at least two colons), optionally with a zone ({@code fe80::1%eth0}); the
   * grouping is not checked.
   */
  private static final Pattern IPV6 =
      Pattern.compile("[0-9A-Fa-f.]*:[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*(%[\\w.-]+)?");

  private static final Pattern DIGITS = Pattern.compile("[0-9]{1,5}");

  /**
   * Checks both parts.
   *
   * @throws IllegalArgumentException if the host is neither a host name nor an IP address, or the
   *     port is outside 1..65535
   */
  public HostPort {
    checkHost(host);
    if (!isValidPort(port)) {
      throw new IllegalArgumentException("port must be 1..65535, was " + port);
    }
  }

  /**
   * Parses {@code host:port} or {@code [ipv6]:port}. Strict: no spaces, no scheme, no missing part,
   * a decimal port in 1..65535.
   *
   * @throws IllegalArgumentException if {@code text} is not such an address
   */
  public static HostPort parse(String text) {
    Objects.requireNonNull(text, "text");
    String host;
    String port;
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      if (close < 0 || close + 1 >= text.length() || text.charAt(close + 1) != ':') {
        throw notHostPort(text);
      }
      host = text.substring(1, close);
      port = text.substring(close + 2);
      if (!IPV6.matcher(host).matches()) {
        throw new IllegalArgumentException(
            "must be host:port (brackets are only for IPv6 addresses), was '" + text + "'");
      }
    } else {
      int colon = text.lastIndexOf(':');
      if (colon < 0) {
        throw notHostPort(text);
      }
      host = text.substring(0, colon);
      port = text.substring(colon + 1);
      if (IPV6.matcher(host).matches()) {
        // "::1:8401" is ambiguous; requiring brackets is what URIs and Go's net package do too.
        throw new IllegalArgumentException(
            "must be host:port (write an IPv6 host in brackets, [::1]:8401), was '" + text + "'");
      }
    }
    if (host.isEmpty() || !DIGITS.matcher(port).matches()) {
      throw notHostPort(text);
    }
    if (!isValidHost(host)) {
      throw new IllegalArgumentException(
          "must be host:port with a host name or IP address as host, was '" + text + "'");
    }
    return new HostPort(host, Integer.parseInt(port));
  }

  /**
   * Parses like {@link #parse(String)}, with {@code what} (the name of the value) leading the
   * message of the exception: {@code "seed must be host:port, was 'x'"}.
   *
   * @throws IllegalArgumentException if {@code text} is not such an address
   */
  public static HostPort parse(String text, String what) {
    try {
      return parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + " " + e.getMessage(), e);
    }
  }

  /**
   * Checks a host on its own, for an address whose port is not chosen yet (0 binds any free port).
   *
   * @throws IllegalArgumentException if {@code host} is neither a host name nor an IP address
   */
  public static void checkHost(String host) {
    Objects.requireNonNull(host, "host");
    if (!isValidHost(host)) {
      throw new IllegalArgumentException(
          "host must be a host name or an IP address, was '" + host + "'");
    }
  }

  /**
   * Whether {@code port} is a usable TCP port; 0 ("any free port") is not, it cannot be advertised.
   */
  static boolean isValidPort(int port) {
    return port >= 1 && port <= 65535;
  }

  private static boolean isValidHost(String host) {
    return NAME.matcher(host).matches() || IPV6.matcher(host).matches();
  }

  private static IllegalArgumentException notHostPort(String text) {
    return new IllegalArgumentException("must be host:port, was '" + text + "'");
  }

  /**
   * {@code host:port}, with the host in brackets if it is an IPv6 address; {@link #parse} reads it.
   */
  @Override
  public String toString() {
    return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
  }
}
