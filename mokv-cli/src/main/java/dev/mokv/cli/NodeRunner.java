package dev.mokv.cli;

import dev.mokv.server.ConfigException;
import dev.mokv.server.ConfigLoader;
import dev.mokv.server.MokvNode;
import dev.mokv.server.NodeConfig;
import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;

/**
 * Runs one node until SIGTERM or SIGINT, then stops it gracefully; the exit code is 0 after a clean
 * stop, 2 for a bad configuration and 1 when the node cannot start or stopped itself because its
 * Raft server was lost.
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
    // A node whose Raft server is lost has already stopped itself and logged why; exit non-zero
    // at once so that a supervisor restarts the process.
    node.failure().thenRun(stop::countDown);
    stop.await();
    if (node.failure().toCompletableFuture().isDone()) {
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
