package dev.mokv.cli;

import dev.mokv.server.ConfigException;
import dev.mokv.server.ConfigLoader;
import dev.mokv.server.MokvNode;
import dev.mokv.server.NodeConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Runs one node until SIGTERM or SIGINT, then stops it gracefully and exits 0. Every config key
 * is also a flag; flags override the file.
 */
@Command(
    name = "agent",
    mixinStandardHelpOptions = true,
    description = "Run a mökv node (the default when no command is given).")
public class AgentCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

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

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    NodeConfig config;
    try {
      config = ConfigLoader.load(configFile, overrides());
    } catch (ConfigException e) {
      err.println("mokv: invalid configuration:");
      e.problems().forEach(p -> err.println("  " + p));
      err.flush();
      return ExitCodes.USAGE;
    }
    Logging.configure(config.logLevel(), config.nodeName());
    CountDownLatch stop = new CountDownLatch(1);
    Signals.onTermination(stop::countDown);
    MokvNode node;
    try {
      node = MokvNode.start(config);
    } catch (Exception e) {
      err.println("mokv: cannot start node " + config.nodeName() + ": " + rootMessage(e));
      err.flush();
      return ExitCodes.FAILED;
    }
    stop.await();
    node.close();
    return ExitCodes.OK;
  }

  private Map<String, String> overrides() {
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
    return flags;
  }

  private static void put(Map<String, String> flags, String key, String value) {
    if (value != null) {
      flags.put(key, value);
    }
  }

  static String rootMessage(Throwable e) {
    StringBuilder message = new StringBuilder(String.valueOf(e.getMessage()));
    Throwable cause = e.getCause();
    while (cause != null && cause != e) {
      if (cause.getMessage() != null && !message.toString().contains(cause.getMessage())) {
        message.append(": ").append(cause.getMessage());
      }
      e = cause;
      cause = cause.getCause();
    }
    return message.toString();
  }
}
