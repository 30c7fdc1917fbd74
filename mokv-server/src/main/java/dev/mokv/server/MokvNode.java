package dev.mokv.server;

import dev.mokv.server.grpc.RpcServer;
import dev.mokv.server.kv.KvStore;
import dev.mokv.server.raft.Consensus;
import dev.mokv.server.raft.GroupPlan;
import dev.mokv.server.raft.RaftStatus;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One mökv node: the composition root that wires the store, Raft and the gRPC server by hand.
 *
 * <p>Several nodes may run in one JVM (tests do): a node holds no static state.
 */
public final class MokvNode implements Closeable {

  private static final Logger log = LoggerFactory.getLogger(MokvNode.class);

  /** How long a stopping node lets requests in flight finish. */
  private static final Duration DRAIN_GRACE = Duration.ofSeconds(5);

  private static final Duration TRANSFER_TIMEOUT = Duration.ofSeconds(5);

  private final NodeConfig config;
  private final Consensus consensus;
  private final RpcServer rpc;
  private final ScheduledExecutorService ticker;
  private boolean closed;

  private MokvNode(NodeConfig config, Consensus consensus, RpcServer rpc) {
    this.config = config;
    this.consensus = consensus;
    this.rpc = rpc;
    this.ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "mokv-node-" + config.nodeName());
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Starts a node: recovers or creates its Raft group, then serves clients.
   *
   * @throws IOException if the data-dir cannot be used (corrupt, foreign, unreadable) or a port is
   *     taken; the message names the file or the address
   */
  public static MokvNode start(NodeConfig config) throws IOException {
    GroupPlan plan = GroupPlan.of(config);
    Consensus consensus = Consensus.start(config, plan, new KvStore());
    RpcServer rpc;
    try {
      rpc =
          RpcServer.start(
              config.advertisedHost(),
              config.rpcPort(),
              consensus,
              config.maxValueBytes(),
              config.requestTimeout());
    } catch (IOException | RuntimeException e) {
      consensus.close();
      throw new IOException("cannot serve clients on " + config.rpcAddress() + ": " + e.getMessage(), e);
    }
    MokvNode node = new MokvNode(config, consensus, rpc);
    node.ticker.scheduleWithFixedDelay(node::refreshHealth, 0, 200, TimeUnit.MILLISECONDS);
    log.info(
        "Node {} serving clients on {}, Raft on {} (group {}, {})",
        config.nodeName(),
        config.rpcAddress(),
        config.raftAddress(),
        plan.groupId().getUuid(),
        plan.recovered() ? "recovered from " + config.dataDir() : "new");
    return node;
  }

  private void refreshHealth() {
    try {
      rpc.setServing(consensus.leaderId().isPresent());
    } catch (RuntimeException e) {
      log.debug("Health refresh failed", e);
    }
  }

  public NodeConfig config() {
    return config;
  }

  /** This node's Raft state. */
  public RaftStatus raftStatus() {
    return consensus.status();
  }

  /** The store's revision as applied on this node. */
  public long revision() {
    return consensus.store().revision();
  }

  /** Client calls this node answered, per full method name ({@code api.KV/Get}). */
  public Map<String, Long> requestCounts() {
    return rpc.requestCounts();
  }

  /** The number of keys as applied on this node. */
  public int keyCount() {
    return consensus.store().size();
  }

  /**
   * Stops gracefully: reports NOT_SERVING, hands leadership to another voter if this node leads,
   * lets requests in flight finish (up to a grace period), then stops Raft.
   */
  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    ticker.shutdownNow();
    rpc.setServing(false);
    try {
      consensus.transferLeadershipIfLeader(TRANSFER_TIMEOUT);
      rpc.shutdown(DRAIN_GRACE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      rpc.close();
    } finally {
      consensus.close();
    }
    log.info("Node {} stopped", config.nodeName());
  }

  /**
   * Stops at once, as a crash would look to the rest of the cluster: no leadership transfer, no
   * draining. Data already on disk stays; for tests and fault injection.
   */
  public synchronized void crash() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    ticker.shutdownNow();
    rpc.close();
    consensus.close();
  }
}
