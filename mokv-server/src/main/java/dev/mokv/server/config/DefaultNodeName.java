package dev.mokv.server.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The default {@link NodeConfig#nodeName()}: the host name, its first label if the whole name is
 * not a valid node name (too long, say), or {@value NodeConfig#FALLBACK_NODE_NAME}.
 */
final class DefaultNodeName {

  private DefaultNodeName() {}

  /** Looked up once, and only when first needed, because the lookup can wait on DNS. */
  static String get() {
    return Holder.NAME;
  }

  private static final class Holder {
    static final String NAME = lookUp();
  }

  private static String lookUp() {
    try {
      String host = InetAddress.getLocalHost().getHostName();
      for (String candidate : List.of(host, host.split("\\.", -1)[0])) {
        if (NodeConfig.NODE_NAME.matcher(candidate).matches()) {
          return candidate;
        }
      }
    } catch (UnknownHostException | SecurityException e) {
      // A host without a resolvable name still gets a usable default.
    }
    return NodeConfig.FALLBACK_NODE_NAME;
  }
}
