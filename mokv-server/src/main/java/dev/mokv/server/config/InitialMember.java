package dev.mokv.server.config;

import java.util.Objects;

/**
 * One member of a fixed initial cluster, written {@code name=host:raftport} as in etcd's {@code
 * --initial-cluster}: the member's node name (its Raft peer id) and the address of its Raft port.
 *
 * @see NodeConfig#initialCluster()
 */
public record InitialMember(String name, HostPort raftAddress) {

  /**
   * Checks the name like {@link NodeConfig#nodeName()}.
   *
   * @throws IllegalArgumentException if the name is not a valid node name
   */
  public InitialMember {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(raftAddress, "raftAddress");
    if (!NodeConfig.NODE_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "name must match " + NodeConfig.NODE_NAME + ", was '" + name + "'");
    }
  }

  /**
   * Parses {@code name=host:port}.
   *
   * @throws IllegalArgumentException if {@code text} is not of that form; the message completes a
   *     sentence that starts with the name of the value, as in {@link HostPort}
   */
  public static InitialMember parse(String text) {
    Objects.requireNonNull(text, "text");
    int eq = text.indexOf('=');
    if (eq < 0) {
      throw new IllegalArgumentException("must be name=host:port, was '" + text + "'");
    }
    HostPort address;
    try {
      address = HostPort.parse(text.substring(eq + 1));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("address " + e.getMessage(), e);
    }
    return new InitialMember(text.substring(0, eq), address);
  }

  /** {@code name=host:port}; {@link #parse} reads it. */
  @Override
  public String toString() {
    return name + "=" + raftAddress;
  }
}
