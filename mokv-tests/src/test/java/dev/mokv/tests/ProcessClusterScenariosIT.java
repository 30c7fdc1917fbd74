package dev.mokv.tests;

import dev.mokv.tests.harness.Cluster;
import dev.mokv.tests.harness.ProcessCluster;
import java.io.IOException;
import java.nio.file.Path;

/** {@link ClusterScenarios} on real {@code mokv.jar} processes ({@link ProcessCluster}). */
class ProcessClusterScenariosIT extends ClusterScenarios {

  @Override
  Cluster startCluster(Path root) throws IOException {
    return ProcessCluster.startJoined(3, root, "--leave-on-terminate", "false");
  }
}
