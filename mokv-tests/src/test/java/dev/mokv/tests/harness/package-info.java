/**
 * The cluster harnesses the multi-node tests run on, and the one interface they share.
 *
 * <p>{@link dev.mokv.tests.harness.Cluster} and its node handle {@link
 * dev.mokv.tests.harness.ClusterNode} are what a scenario is written against: start, the nodes by
 * name, graceful stop, kill and start of a node, waiting for a leader or a set of voters, a client
 * for the whole cluster or a channel to one node, a node's data-dir, and close. Three harnesses
 * implement it:
 *
 * <ul>
 *   <li>{@link dev.mokv.tests.harness.TestCluster}: {@code MokvNode}s in this JVM; fast, and a test
 *       can look inside a node ({@code MokvNode.inspect()}: Raft status, store revision, counters).
 *   <li>{@link dev.mokv.tests.harness.ProcessCluster}: real {@code mokv.jar} processes ({@link
 *       dev.mokv.tests.harness.NodeProcess}) started from the {@code example/} configs.
 *   <li>{@code dev.mokv.tests.fault.FaultyCluster}: processes whose Raft links run through fault
 *       proxies.
 * </ul>
 *
 * <p>Each keeps its own richer methods for tests that need one kind of node; a story that holds for
 * any node belongs on the interface ({@code ClusterScenarios} and its subclasses run one per
 * harness).
 *
 * <p>Dependencies: this package may import the wire API ({@code dev.mokv.api}), the client library
 * ({@code dev.mokv.client}), the server's composition root and configuration ({@code MokvNode},
 * {@code NodeInspection}, {@code NodeConfig} and its value types, for {@code TestCluster} alone),
 * grpc-java and Awaitility. It never imports the test packages built on it ({@code fault}, {@code
 * robustness}, the {@code *IT} classes); they import it.
 */
package dev.mokv.tests.harness;
