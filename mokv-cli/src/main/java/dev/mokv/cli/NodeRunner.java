package dev.mokv.cli;

import dev.mokv.server.MokvNode;
import dev.mokv.server.config.ConfigException;
import dev.mokv.server.config.ConfigLoader;
import dev.mokv.server.config.NodeConfig;
import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;

/**
 * Runs one node until SIGTERM or SIGINT, then stops it gracefully, or until it left the cluster
 * ({@code Cluster.Leave}) and stopped; the exit code is 0 after a clean stop, 2 for a bad
 * configuration and 1 when the node cannot start, halts (its replica met a committed Raft entry it
 * cannot apply) or stopped itself because its Raft server was lost.
 */
final class NodeRunner {

  private NodeRunner() {}

  static int run(NodeOptions options, PrintWriter err) throws InterruptedException {
    NodeConfig config;
    try {
      config = ConfigLoader.load(options.configFile, options.overrides());
    } catch (ConfigException e) {
      err.println("mokv: invalid configuration:");
      e.problems().forEach(p -> err.println("  " + p));
      err.flush();
      return ExitCodes.USAGE;
    }
    Logging.configure(config.logLevel(), config.nodeName(), config.logFormat());
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
    // A Cluster.Leave call stops the node by itself; the process then exits as after a signal.
    node.stopped().thenRun(stop::countDown);
    node.halted().thenAccept(reason -> stop.countDown());
    // A node whose Raft server is lost has already stopped itself and logged why; exit non-zero
    // at once so that a supervisor restarts the process.
    node.failure().thenRun(stop::countDown);
    stop.await();
    if (node.failure().toCompletableFuture().isDone()) {
      return ExitCodes.FAILED;
    }
    String halt = node.halted().getNow(null);
    if (halt != null) {
      // Stopped as a crash would: no leave, and the data-dir stays as it is for inspection.
      try {
        node.crash();
      } catch (Exception e) {
        err.println("mokv: error while stopping: " + rootMessage(e));
      }
      err.println("mokv: node " + config.nodeName() + " halted: " + halt);
      err.flush();
      return ExitCodes.FAILED;
    }
    try {
      node.close();
    } catch (Exception e) {
      err.println("mokv: error while stopping: " + rootMessage(e));
      err.flush();
      return ExitCodes.FAILED;
    }
    return ExitCodes.OK;
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
