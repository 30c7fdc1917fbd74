package dev.mokv.cli;

import dev.mokv.api.ClusterGrpc;
import dev.mokv.api.RemoveServerRequest;
import dev.mokv.api.RemoveServerResponse;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code mokv member ...}: changes to the cluster's membership. */
@Command(
    name = "member",
    mixinStandardHelpOptions = true,
    description = "Change the cluster's membership.",
    subcommands = {MemberCommand.Remove.class})
final class MemberCommand {

  /** {@code mokv member remove NAME}: the Cluster.RemoveServer RPC. */
  @Command(
      name = "remove",
      description = {
        "Remove a stopped or crashed node from the Raft voters, as `etcdctl member remove`, so"
            + " that the cluster no longer counts it toward its majority.",
        "A running node is refused: ask it to leave instead (mokv leave --endpoints ITS-ADDRESS)."
      })
  static final class Remove extends AdminCommand {

    @Parameters(index = "0", paramLabel = "NAME", description = "The node name to remove.")
    String name;

    @Override
    int run(ClusterGrpc.ClusterBlockingStub cluster, PrintWriter out) {
      RemoveServerResponse response =
          cluster.removeServer(RemoveServerRequest.newBuilder().setName(name).build());
      out.println(
          response.getRemoved()
              ? "removed " + name + " from the Raft voters"
              : name + " was not in the Raft configuration; nothing changed");
      return ExitCodes.OK;
    }
  }
}
