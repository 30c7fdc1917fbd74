package dev.mokv.server.grpc;

import java.io.IOException;

/** What the {@code Cluster.Leave} RPC asks of the node that receives it. */
@FunctionalInterface
public interface LeaveAction {

  /**
   * Leaves the cluster for good and starts stopping the node; returns once the node is out of the
   * Raft voters (the rest of the stop continues in the background).
   *
   * @return the node's name
   * @throws IllegalStateException if the node cannot leave: it is the only voter, or it is stopping
   * @throws IOException if it could not be removed from the voters in time
   */
  String leave() throws IOException;
}
