package dev.mokv.server.membership;

import java.io.ObjectInputFilter;

/**
 * The allow-list applied to every Java-deserialized gossip message.
 *
 * <p>Why: ScaleCube 2.7 encodes its protocol messages with Java serialization (there is no other
 * message codec for it on Maven Central), so the gossip port deserializes whatever a peer, or
 * anyone who can reach the port, sends. Unfiltered, that is a remote-code-execution risk through
 * gadget classes on the classpath. The filter admits only the classes ScaleCube's messages are made
 * of: its own {@code io.scalecube.cluster} types ({@code Message}, {@code Member}, {@code
 * MembershipRecord}, {@code SyncData}, {@code GossipRequest}, {@code Gossip}, {@code PingData},
 * {@code GetMetadataRequest/Response} and their enums), whose {@code readExternal} read collections
 * element by element, plus {@code String} and {@code Enum}; it bounds depth and size too.
 * Everything else is rejected before it is instantiated.
 *
 * <p>Why per stream and not JVM-wide ({@code jdk.serialFilter}): several members run in one test
 * JVM, a JVM-wide filter can be set only once, and it would also constrain unrelated code in the
 * process. {@link GuardedMessageCodec} sets this filter on each stream it opens. A JVM-wide filter
 * configured by the operator still applies: the two are merged, and either can reject.
 *
 * <p>This is defence in depth, not authentication: bind the gossip port to a private interface.
 */
final class SerialFilter {

  /** The pattern, in {@link ObjectInputFilter.Config#createFilter} syntax. */
  static final String PATTERN =
      "io.scalecube.cluster.**;java.lang.String;java.lang.Enum;"
          + "maxdepth=20;maxbytes=2097152;!*";

  private static final ObjectInputFilter GOSSIP = ObjectInputFilter.Config.createFilter(PATTERN);

  private SerialFilter() {}

  /** The filter for one gossip message stream, merged with the JVM-wide filter if there is one. */
  static ObjectInputFilter forGossip() {
    ObjectInputFilter jvmWide = ObjectInputFilter.Config.getSerialFilter();
    return jvmWide == null ? GOSSIP : ObjectInputFilter.merge(GOSSIP, jvmWide);
  }
}
