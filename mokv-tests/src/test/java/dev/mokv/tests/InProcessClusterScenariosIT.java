package dev.mokv.tests;

import dev.mokv.tests.harness.Cluster;
import dev.mokv.tests.harness.TestCluster;
import java.io.IOException;
import java.nio.file.Path;

/** {@link ClusterScenarios} on in-process nodes ({@link TestCluster}). */
class InProcessClusterScenariosIT extends ClusterScenarios {

  @Override
  Cluster startCluster(Path root) throws IOException {
    return TestCluster.startJoined(3, root, node -> node.leaveOnTerminate(false));
  }
}
