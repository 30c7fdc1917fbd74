package dev.mokv.server.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The part of a {@link NodeConfig} that the Raft layer uses, so that it depends on these values and
 * not on the whole node's configuration. See {@link NodeConfig} for each value's meaning.
 *
 * @param nodeName the Raft peer id
 * @param dataDir where Ratis keeps the log, its metadata and the snapshots
 * @param raftAddress where peers reach this node's Raft server
 * @param rpcAddress the client address this node publishes through the log
 * @param electionTimeout the minimum election timeout (the maximum is twice)
 * @param requestTimeout the bound of one write or read round through Raft
 * @param snapshotThreshold applied entries between snapshots
 * @param logSegmentSize the size at which a log segment is closed
 */
public record RaftOptions(
    String nodeName,
    Path dataDir,
    HostPort raftAddress,
    HostPort rpcAddress,
    Duration electionTimeout,
    Duration requestTimeout,
    long snapshotThreshold,
    long logSegmentSize) {}
