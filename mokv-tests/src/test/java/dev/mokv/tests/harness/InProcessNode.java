package dev.mokv.tests.harness;

import io.grpc.ManagedChannel;
import java.io.IOException;
import java.nio.file.Path;

/** A {@link TestCluster} node as a {@link ClusterNode}: the cluster's node methods, by name. */
final class InProcessNode implements ClusterNode {

  private final TestCluster cluster;
  private final String name;

  InProcessNode(TestCluster cluster, String name) {
    this.cluster = cluster;
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean isRunning() {
    return cluster.runningNames().contains(name);
  }

  @Override
  public String rpcEndpoint() {
    return cluster.config(name).rpcAddress().toString();
  }

  @Override
  public Path dataDir() {
    return cluster.config(name).dataDir();
  }

  @Override
  public void stop() throws IOException {
    cluster.stopGracefully(name);
  }

  @Override
  public void kill() throws IOException {
    cluster.crash(name);
  }

  @Override
  public void start() throws IOException {
    if (isRunning()) {
      throw new IllegalStateException(name + " is already running");
    }
    cluster.startNode(name);
  }

  @Override
  public ManagedChannel channel() {
    return cluster.channel(name);
  }

  @Override
  public String toString() {
    return name + " (in-process)";
  }
}
