package dev.mokv.cli;

import dev.mokv.api.ClusterGrpc;
import dev.mokv.api.LeaveRequest;
import dev.mokv.api.LeaveResponse;
import java.io.PrintWriter;
import picocli.CommandLine.Command;

/**
 * {@code mokv leave --endpoints HOST:PORT}: the node at that address leaves the cluster and stops.
 */
@Command(
    name = "leave",
    description = {
      "Make the node at --endpoints leave the cluster for good, as `consul leave`: it hands over"
          + " leadership, is removed from the Raft voters, moves its data aside and stops.",
      "Stopping a node (SIGTERM) does not do this: a stopped node stays a voter and comes back"
          + " with its data."
    })
final class LeaveCommand extends AdminCommand {

  @Override
  int run(ClusterGrpc.ClusterBlockingStub cluster, PrintWriter out) {
    LeaveResponse response = cluster.leave(LeaveRequest.getDefaultInstance());
    out.println(response.getName() + " left the cluster and is stopping");
    return ExitCodes.OK;
  }
}
