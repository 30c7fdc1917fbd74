package dev.mokv.client.internal;

import dev.mokv.api.Server;
import java.util.List;

/**
 * One server's answer to {@code GetServers}: the servers it reports and the id of its cluster.
 *
 * @param clusterId the answering server's cluster id; empty from servers that do not report one
 * @param servers the servers of the Raft configuration, as that server sees them
 */
record ServerList(String clusterId, List<Server> servers) {

  ServerList {
    servers = List.copyOf(servers);
  }
}
