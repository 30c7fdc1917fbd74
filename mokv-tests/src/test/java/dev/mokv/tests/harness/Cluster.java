package dev.mokv.tests.harness;

import dev.mokv.client.ClientOptions;
import dev.mokv.client.MokvClient;
import java.util.List;

/**
 * A running mökv cluster as a scenario sees it, whatever runs its nodes: in-process {@code
 * MokvNode}s ({@link TestCluster}), real {@code mokv.jar} processes ({@link ProcessCluster}), or
 * processes behind fault proxies ({@code fault.FaultyCluster}). A scenario written against this
 * interface runs on each of them (as etcd's {@code tests/framework/interfaces}).
 *
 * <p>Node names are fixed when the cluster is created; a node keeps its name, ports and data-dir
 * across stops and restarts. Every wait is bounded and fails with an Awaitility {@code
 * ConditionTimeoutException} that names what it waited for.
 *
 * <p>Not thread-safe: one test thread drives a cluster (clients it hands out are thread-safe).
 */
public interface Cluster extends AutoCloseable {

  /** The names of every node of the cluster, running or not, in creation order. */
  List<String> names();

  /** Every node of the cluster, running or not, in creation order. */
  default List<ClusterNode> members() {
    return names().stream().map(this::member).toList();
  }

  /**
   * The node called {@code name}, running or not.
   *
   * @throws IllegalArgumentException if the cluster has no such node
   */
  ClusterNode member(String name);

  /** The nodes that are running now (started and neither stopped nor killed since). */
  default List<ClusterNode> runningMembers() {
    return members().stream().filter(ClusterNode::isRunning).toList();
  }

  /**
   * Waits (bounded) until every running node names the same leader and that leader is running, and
   * returns its name.
   */
  String awaitLeader();

  /**
   * Waits (bounded) until every running node reports exactly {@code voters} (in any order) as the
   * Raft voters.
   */
  void awaitVoters(List<String> voters);

  /** The client endpoints ({@code host:port}) of every node, running or not. */
  default List<String> endpoints() {
    return members().stream().map(ClusterNode::rpcEndpoint).toList();
  }

  /**
   * A client seeded with every node's endpoint; it routes writes to the leader and reads to the
   * followers. The caller owns it and must close it.
   */
  default MokvClient client() {
    return MokvClient.connect(ClientOptions.builder().endpoints(endpoints()).build());
  }

  /** Stops every node as a crash would and frees the cluster's resources; data-dirs stay. */
  @Override
  void close();
}
