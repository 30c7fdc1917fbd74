package dev.mokv.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The flags of a node: {@code --config-file} and one flag per config key, overriding the file. */
final class NodeOptions {

  @Option(names = "--config-file", paramLabel = "FILE", description = "YAML config file.")
  Path configFile;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "Raft log, metadata, snapshots.")
  String dataDir;

  @Option(names = "--node-name", paramLabel = "NAME", description = "Unique node name.")
  String nodeName;

  @Option(names = "--bind-addr", paramLabel = "HOST:PORT", description = "Gossip address.")
  String bindAddr;

  @Option(names = "--rpc-port", paramLabel = "PORT", description = "Client gRPC port.")
  String rpcPort;

  @Option(names = "--raft-port", paramLabel = "PORT", description = "Raft peer port.")
  String raftPort;

  @Option(
      names = "--start-join-addrs",
      paramLabel = "HOST:PORT,...",
      description = "Gossip addresses of members to join.")
  String startJoinAddrs;

  @Option(
      names = "--bootstrap",
      arity = "0..1",
      fallbackValue = "true",
      paramLabel = "BOOL",
      description = "Start a new one-node cluster.")
  String bootstrap;

  @Option(
      names = "--initial-cluster",
      paramLabel = "NAME=HOST:PORT,...",
      description = "Members of a fixed cluster, by Raft address.")
  String initialCluster;

  @Option(names = "--metrics-port", paramLabel = "PORT", description = "Prometheus port.")
  String metricsPort;

  @Option(names = "--log-level", paramLabel = "LEVEL", description = "TRACE..ERROR.")
  String logLevel;

  @Option(
      names = "--snapshot-threshold",
      paramLabel = "N",
      description = "Applied entries between snapshots.")
  String snapshotThreshold;

  @Option(names = "--max-value-bytes", paramLabel = "SIZE", description = "Largest value.")
  String maxValueBytes;

  @Option(names = "--request-timeout", paramLabel = "DURATION", description = "Default deadline.")
  String requestTimeout;

  @Option(
      names = "--election-timeout",
      paramLabel = "DURATION",
      description = "Minimum Raft election timeout.")
  String electionTimeout;

  @Option(
      names = "--join-timeout",
      paramLabel = "DURATION",
      description = "How long to keep trying start-join-addrs.")
  String joinTimeout;

  @Option(
      names = "--leave-on-terminate",
      arity = "0..1",
      fallbackValue = "true",
      paramLabel = "BOOL",
      description = "Leave the cluster on SIGTERM/SIGINT (default false: stopping is not leaving).")
  String leaveOnTerminate;

  @Option(
      names = "--force-new-cluster",
      arity = "0..1",
      fallbackValue = "true",
      paramLabel = "BOOL",
      description =
          "With --bootstrap: create a new, empty cluster even though the data-dir belonged to one.")
  String forceNewCluster;

  @Option(
      names = "--dead-server-cleanup",
      paramLabel = "DURATION",
      description = "Remove voters failed this long (0: never).")
  String deadServerCleanup;

  @Option(names = "--log-segment-size", paramLabel = "SIZE", description = "Raft log segment size.")
  String logSegmentSize;

  @Option(
      names = "--slow-request-threshold",
      paramLabel = "DURATION",
      description = "Log requests slower than this at WARN.")
  String slowRequestThreshold;

  @Option(names = "--log-format", paramLabel = "FORMAT", description = "text or json.")
  String logFormat;

  Map<String, String> overrides() {
    Map<String, String> flags = new LinkedHashMap<>();
    put(flags, "data-dir", dataDir);
    put(flags, "node-name", nodeName);
    put(flags, "bind-addr", bindAddr);
    put(flags, "rpc-port", rpcPort);
    put(flags, "raft-port", raftPort);
    put(flags, "start-join-addrs", startJoinAddrs);
    put(flags, "bootstrap", bootstrap);
    put(flags, "initial-cluster", initialCluster);
    put(flags, "metrics-port", metricsPort);
    put(flags, "log-level", logLevel);
    put(flags, "snapshot-threshold", snapshotThreshold);
    put(flags, "max-value-bytes", maxValueBytes);
    put(flags, "request-timeout", requestTimeout);
    put(flags, "election-timeout", electionTimeout);
    put(flags, "join-timeout", joinTimeout);
    put(flags, "leave-on-terminate", leaveOnTerminate);
    put(flags, "dead-server-cleanup", deadServerCleanup);
    put(flags, "log-segment-size", logSegmentSize);
    put(flags, "slow-request-threshold", slowRequestThreshold);
    put(flags, "log-format", logFormat);
    put(flags, "force-new-cluster", forceNewCluster);
    return flags;
  }

  private static void put(Map<String, String> flags, String key, String value) {
    if (value != null) {
      flags.put(key, value);
    }
  }
}
