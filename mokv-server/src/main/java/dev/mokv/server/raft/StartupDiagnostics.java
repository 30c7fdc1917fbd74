package dev.mokv.server.raft;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.CompletionException;

/** Why Raft cannot start, told in the operator's terms before or after Ratis tries. */
final class StartupDiagnostics {

  private StartupDiagnostics() {}

  /**
   * Ratis terminates the JVM when it cannot bind its port, so a taken port is reported here, with
   * the key to change, before Ratis tries.
   */
  static void requirePortFree(String host, int port) throws IOException {
    try (ServerSocket probe = new ServerSocket()) {
      probe.bind(new InetSocketAddress(host, port));
    } catch (IOException e) {
      throw new IOException(
          "raft-port " + port + " on " + host + " is not free: " + e.getMessage(), e);
    }
  }

  /**
   * The failure to report when the Raft server on {@code dataDir} did not start. Ratis wraps the
   * cause (a corrupt snapshot or log segment, a port in use) in layers of CompletionException and
   * IllegalStateException; the operator needs the innermost story, or the corrupt file's name.
   */
  static IOException startFailure(Path dataDir, Throwable e) {
    String reason = LogSegmentCheck.findCorruptSegment(dataDir).orElseGet(() -> causeChain(e));
    return new IOException("cannot start Raft on data-dir " + dataDir + ": " + reason, e);
  }

  /** The distinct messages of {@code e} and its causes, outermost first. */
  static String causeChain(Throwable e) {
    StringBuilder chain = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String message = t.getMessage();
      if (message == null || chain.indexOf(message) >= 0) {
        continue;
      }
      if (t instanceof CompletionException
          && t.getCause() != null
          && message.equals(t.getCause().toString())) {
        continue;
      }
      chain.append(chain.length() > 0 ? ": " : "").append(message);
    }
    return chain.toString();
  }
}
