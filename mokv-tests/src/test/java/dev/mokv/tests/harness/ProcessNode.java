package dev.mokv.tests.harness;

import io.grpc.ManagedChannel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * A node that is a real {@code mokv} process ({@link NodeProcess}) as a {@link ClusterNode}; the
 * process harnesses say how to start it again, since that depends on how they launched it.
 */
public final class ProcessNode implements ClusterNode {

  /** Starts a stopped node's process again. */
  @FunctionalInterface
  public interface Launcher {
    void launch() throws IOException;
  }

  private final NodeProcess process;
  private final String rpcEndpoint;
  private final Path dataDir;
  private final Supplier<ManagedChannel> channel;
  private final Launcher launcher;

  /**
   * @param channel the cluster's channel to the node (the cluster closes it)
   * @param launcher starts the process again, on the same ports and data-dir
   */
  public ProcessNode(
      NodeProcess process,
      String rpcEndpoint,
      Path dataDir,
      Supplier<ManagedChannel> channel,
      Launcher launcher) {
    this.process = process;
    this.rpcEndpoint = rpcEndpoint;
    this.dataDir = dataDir;
    this.channel = channel;
    this.launcher = launcher;
  }

  @Override
  public String name() {
    return process.name();
  }

  @Override
  public boolean isRunning() {
    return process.isAlive();
  }

  @Override
  public String rpcEndpoint() {
    return rpcEndpoint;
  }

  @Override
  public Path dataDir() {
    return dataDir;
  }

  /** SIGTERM; a non-zero exit code is an error, reported with the end of the node's output. */
  @Override
  public void stop() throws IOException, InterruptedException {
    if (!isRunning()) {
      return;
    }
    int exitCode = process.terminate();
    if (exitCode != 0) {
      throw new IllegalStateException(
          name() + " exited with " + exitCode + " after SIGTERM; its output ends with:\n" + tail());
    }
  }

  /** SIGKILL. */
  @Override
  public void kill() throws InterruptedException {
    if (isRunning()) {
      process.kill();
    }
  }

  @Override
  public void start() throws IOException {
    if (isRunning()) {
      throw new IllegalStateException(name() + " is already running");
    }
    launcher.launch();
  }

  @Override
  public ManagedChannel channel() {
    return channel.get();
  }

  private String tail() throws IOException {
    var lines = process.output().lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
  }

  @Override
  public String toString() {
    return name() + " (process)";
  }
}
