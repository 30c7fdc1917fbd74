package dev.mokv.tests.harness;

import dev.mokv.api.KVGrpc;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * One node of a {@link Cluster}, running or not: a handle that stays valid across stops and
 * restarts of the node. Its name, client endpoint and data-dir never change.
 */
public interface ClusterNode {

  /** The node name, also its Raft peer id. */
  String name();

  /** Whether the node is running now. */
  boolean isRunning();

  /** The client (gRPC) endpoint, {@code host:port}. */
  String rpcEndpoint();

  /** The node's data-dir (Raft log, metadata, snapshots). */
  Path dataDir();

  /**
   * Stops the node gracefully, as SIGTERM does: a leader hands leadership over and requests in
   * flight finish; whether the node also leaves the cluster follows its {@code leave-on-terminate}.
   * Does nothing if the node is not running.
   *
   * @throws IllegalStateException if the node did not stop cleanly (for a process: a non-zero exit
   *     code or no exit in time)
   */
  void stop() throws IOException, InterruptedException;

  /**
   * Stops the node as a crash would (kill -9): no leadership transfer, no draining, no leave. Does
   * nothing if the node is not running.
   */
  void kill() throws IOException, InterruptedException;

  /**
   * Starts the node again, on its data-dir, with the same name and ports.
   *
   * @throws IllegalStateException if the node is running
   * @throws IOException if an in-process node fails to start (a process that fails to start exits;
   *     the waits of {@link Cluster} then time out)
   */
  void start() throws IOException;

  /** {@link #stop()} then {@link #start()}. */
  default void restart() throws IOException, InterruptedException {
    stop();
    start();
  }

  /**
   * A channel to this node alone, owned by the cluster (closed with it); it reconnects after a
   * restart.
   */
  ManagedChannel channel();

  /** A blocking stub to this node alone, with a 10 s deadline: what this one node answers. */
  default KVGrpc.KVBlockingStub stub() {
    return KVGrpc.newBlockingStub(channel()).withDeadlineAfter(10, TimeUnit.SECONDS);
  }
}
