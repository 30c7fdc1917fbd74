package dev.mokv.server.membership;

import dev.mokv.server.config.HostPort;
import java.io.Serializable;
import java.util.Objects;

/**
 * What a node advertises to the other members: who it is and where to reach it.
 *
 * <p>This is the Java counterpart of the Serf tags the Go mökv gossips ({@code rpc_addr}, ...). It
 * travels in {@link MemberMetadataCodec}'s compact encoding, never through Java serialization.
 *
 * @param nodeName the stable, unique node id; it survives restarts, while the gossip layer's own
 *     member id changes with every process start
 * @param rpcAddress {@code host:port} of the node's client gRPC endpoint
 * @param raftAddress {@code host:port} of the node's Raft (Ratis) endpoint
 * @param clusterId the Raft group id of the cluster this node belongs to; empty while a joining
 *     node has not learned it yet
 * @param bootstrap where a bootstrap node stands in creating its cluster; {@link
 *     BootstrapState#NONE} for every other node
 */
// Serializable only because ScaleCube 2.7 checks at start that the local metadata object is
// Serializable unless a MetadataCodec is registered through ServiceLoader (it ignores the codec in
// the config when checking). It is never Java-serialized: the configured codec encodes it, and the
// serial filter on the gossip port rejects this class.
public record MemberMetadata(
    String nodeName,
    String rpcAddress,
    String raftAddress,
    String clusterId,
    BootstrapState bootstrap)
    implements Serializable {

  /** Longest accepted value of any field, in chars. Keeps gossip messages small. */
  static final int MAX_FIELD_LENGTH = 1024;

  /**
   * Validates every field.
   *
   * @throws IllegalArgumentException if the node name is blank, a field has control characters or
   *     unpaired surrogates or is longer than {@value #MAX_FIELD_LENGTH} chars, or an address is
   *     not {@code host:port}
   */
  public MemberMetadata {
    Objects.requireNonNull(nodeName, "nodeName");
    Objects.requireNonNull(rpcAddress, "rpcAddress");
    Objects.requireNonNull(raftAddress, "raftAddress");
    Objects.requireNonNull(clusterId, "clusterId");
    Objects.requireNonNull(bootstrap, "bootstrap");
    if (nodeName.isBlank()) {
      throw new IllegalArgumentException("nodeName must not be blank");
    }
    requirePrintable(nodeName, "nodeName");
    requirePrintable(rpcAddress, "rpcAddress");
    requirePrintable(raftAddress, "raftAddress");
    requirePrintable(clusterId, "clusterId");
    HostPort.parse(rpcAddress, "rpcAddress");
    HostPort.parse(raftAddress, "raftAddress");
  }

  /** The metadata of a node that is not bootstrapping a cluster. */
  public MemberMetadata(String nodeName, String rpcAddress, String raftAddress, String clusterId) {
    this(nodeName, rpcAddress, raftAddress, clusterId, BootstrapState.NONE);
  }

  /**
   * Returns a copy with {@code clusterId} replaced, e.g. once a joiner has learned it. A node that
   * belongs to a cluster is no longer bootstrapping one.
   */
  public MemberMetadata withClusterId(String clusterId) {
    return new MemberMetadata(nodeName, rpcAddress, raftAddress, clusterId, BootstrapState.NONE);
  }

  /** Returns a copy with {@code bootstrap} replaced. */
  public MemberMetadata withBootstrap(BootstrapState bootstrap) {
    return new MemberMetadata(nodeName, rpcAddress, raftAddress, clusterId, bootstrap);
  }

  private static void requirePrintable(String value, String field) {
    if (value.length() > MAX_FIELD_LENGTH) {
      throw new IllegalArgumentException(field + " is longer than " + MAX_FIELD_LENGTH + " chars");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c)) {
        throw new IllegalArgumentException(field + " must not contain control characters");
      }
      // An unpaired surrogate cannot be encoded as UTF-8 and would not survive the round trip.
      boolean paired =
          Character.isHighSurrogate(c)
              && i + 1 < value.length()
              && Character.isLowSurrogate(value.charAt(i + 1));
      if (paired) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException(field + " is not valid Unicode");
      }
    }
  }
}
