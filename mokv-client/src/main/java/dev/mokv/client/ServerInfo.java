package dev.mokv.client;

/**
 * One server of the cluster as {@code GetServers} reports it.
 *
 * @param id node name
 * @param rpcAddress client gRPC address, {@code host:port} (empty if not yet published)
 * @param raftAddress Raft peer address, {@code host:port}
 * @param leader whether it is the current leader
 */
public record ServerInfo(String id, String rpcAddress, String raftAddress, boolean leader) {}
