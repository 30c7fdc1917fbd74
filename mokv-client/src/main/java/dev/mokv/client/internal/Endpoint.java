package dev.mokv.client.internal;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A server's client address, {@code host:port} or {@code [ipv6]:port}, as users write endpoints and
 * as {@code GetServers} reports {@code rpc_addr}. The host is kept as written; it is resolved only
 * when a socket address is needed.
 */
public record Endpoint(String host, int port) {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f.]*:[0-9A-Fa-f.:]*(%[\\w.-]+)?");
  private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");

  /** Checks both parts; the host is a name, an IPv4 address or a bare IPv6 address. */
  public Endpoint {
    Objects.requireNonNull(host, "host");
    if (!NAME.matcher(host).matches() && !IPV6.matcher(host).matches()) {
      throw new IllegalArgumentException("bad host '" + host + "'");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("the port must be 1..65535, was " + port);
    }
  }

  /**
   * Parses {@code host:port} or {@code [ipv6]:port}, strictly: no scheme, no spaces, no missing
   * part.
   *
   * @throws IllegalArgumentException naming {@code text} and what is wrong with it
   */
  public static Endpoint parse(String text) {
    Objects.requireNonNull(text, "endpoint");
    if (text.contains("://")) {
      throw bad(text, "want host:port, without a scheme");
    }
    String host;
    String port;
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      if (close < 0 || close + 1 >= text.length() || text.charAt(close + 1) != ':') {
        throw bad(text, "want [ipv6]:port");
      }
      host = text.substring(1, close);
      port = text.substring(close + 2);
      if (!IPV6.matcher(host).matches()) {
        throw bad(text, "brackets are only for IPv6 addresses");
      }
    } else {
      int colon = text.lastIndexOf(':');
      if (colon <= 0) {
        throw bad(text, "want host:port");
      }
      host = text.substring(0, colon);
      port = text.substring(colon + 1);
      if (!NAME.matcher(host).matches()) {
        throw bad(
            text,
            IPV6.matcher(host).matches() ? "write an IPv6 host in brackets" : "want host:port");
      }
    }
    if (!PORT.matcher(port).matches()) {
      throw bad(text, "the port must be a number 1..65535");
    }
    try {
      return new Endpoint(host, Integer.parseInt(port));
    } catch (IllegalArgumentException e) {
      throw bad(text, e.getMessage());
    }
  }

  /**
   * Parses a comma-separated list ({@code "a:1,b:2"}); blanks around commas are ignored.
   *
   * @throws IllegalArgumentException if the list is empty or any endpoint is bad
   */
  public static List<Endpoint> parseList(String text) {
    Objects.requireNonNull(text, "endpoints");
    List<Endpoint> endpoints = new ArrayList<>();
    for (String part : text.split(",", -1)) {
      String trimmed = part.strip();
      if (!trimmed.isEmpty()) {
        endpoints.add(parse(trimmed));
      }
    }
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException("no endpoint given, want host:port[,host:port...]");
    }
    return endpoints;
  }

  /** A socket address; resolves a host name now (a literal IP address needs no lookup). */
  public InetSocketAddress toSocketAddress() {
    return new InetSocketAddress(host, port);
  }

  @Override
  public String toString() {
    return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
  }

  private static IllegalArgumentException bad(String text, String why) {
    return new IllegalArgumentException("bad endpoint '" + text + "': " + why);
  }
}
