package dev.mokv.server;

import dev.mokv.server.config.NodeConfig;
import dev.mokv.server.membership.Member;
import dev.mokv.server.membership.Membership;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses to start a node whose {@code node-name} is held by a live member at another address.
 *
 * <p>Why it exists: the node name is the Raft peer id. A second process with the same name (a
 * copied config file) would otherwise be taken for a new incarnation of the first, and Raft traffic
 * and gossip would mix the two. A namesake at this node's own addresses is an older incarnation of
 * this node that gossip has not yet declared dead, and is ignored; one at other addresses counts as
 * live if its client port accepts a connection (a process that crashed accepts none).
 */
final class NameGuard {

  private static final Logger log = LoggerFactory.getLogger(NameGuard.class);

  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);

  /**
   * How long gossip is watched for a namesake once peers answered: the gossip layer learns each
   * member's metadata with a request of its own after the join, so a namesake may show a moment
   * after the others.
   */
  private static final Duration WATCH = Duration.ofSeconds(2);

  private NameGuard() {}

  /**
   * @throws IOException if a live member at other addresses advertises this node's name
   */
  static void requireUniqueName(NodeConfig config, Membership membership) throws IOException {
    if (!membership.hasPeers()) {
      return;
    }
    long deadline = System.nanoTime() + WATCH.toNanos();
    do {
      check(config, membership);
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
    } while (System.nanoTime() < deadline);
    check(config, membership);
  }

  private static void check(NodeConfig config, Membership membership) throws IOException {
    for (Member namesake : membership.namesakes()) {
      boolean sameAddresses =
          namesake.rpcAddress().equals(config.rpcAddress().toString())
              && namesake.raftAddress().equals(config.raftAddress().toString());
      if (sameAddresses) {
        continue;
      }
      if (answers(namesake.rpcAddress())) {
        throw new IOException(
            "node-name "
                + config.nodeName()
                + " is already used by a live member (client address "
                + namesake.rpcAddress()
                + ", Raft address "
                + namesake.raftAddress()
                + "); every node needs its own node-name: refusing to start");
      }
      log.warn(
          "A member at {} once used node-name {} but does not answer; going on",
          namesake.rpcAddress(),
          config.nodeName());
    }
  }

  private static boolean answers(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    try (Socket socket = new Socket()) {
      socket.connect(
          new InetSocketAddress(
              hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1))),
          (int) PROBE_TIMEOUT.toMillis());
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }
}
