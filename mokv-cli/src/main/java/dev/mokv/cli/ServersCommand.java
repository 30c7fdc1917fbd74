package dev.mokv.cli;

import dev.mokv.cli.output.Json;
import dev.mokv.client.MokvClient;
import dev.mokv.client.ServerInfo;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code mokv servers}: the cluster's servers with the leader marked. */
@Command(name = "servers", description = "List the cluster's servers, with the leader marked.")
final class ServersCommand extends ClientCommand {

  @Override
  int run(MokvClient client, PrintWriter out) {
    List<ServerInfo> servers = client.servers();
    if (output == Output.json) {
      out.print("[");
      for (int i = 0; i < servers.size(); i++) {
        ServerInfo s = servers.get(i);
        out.print(
            (i > 0 ? "," : "")
                + "{\"id\":"
                + Json.quote(s.id())
                + ",\"rpc_addr\":"
                + Json.quote(s.rpcAddress())
                + ",\"raft_addr\":"
                + Json.quote(s.raftAddress())
                + ",\"is_leader\":"
                + s.leader()
                + "}");
      }
      out.println("]");
    } else {
      out.printf("%-16s %-22s %-22s %s%n", "ID", "RPC", "RAFT", "ROLE");
      for (ServerInfo s : servers) {
        out.printf(
            "%-16s %-22s %-22s %s%n",
            s.id(), s.rpcAddress(), s.raftAddress(), s.leader() ? "leader" : "follower");
      }
    }
    return ExitCodes.OK;
  }
}
