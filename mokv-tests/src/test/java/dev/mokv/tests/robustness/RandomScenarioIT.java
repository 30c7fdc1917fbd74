package dev.mokv.tests.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mokv.tests.fault.Fault;
import dev.mokv.tests.fault.FaultyCluster;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two faults drawn from the catalogue by a seed, one after the other under traffic. The seed is
 * printed; {@code -Dmokv.seed=N} reruns exactly the same faults, targets and operations mix.
 */
@Timeout(420)
class RandomScenarioIT {

  @TempDir Path root;

  @Test
  void randomFaults_keepTheGuarantees() throws Exception {
    long seed = Long.getLong("mokv.seed", System.nanoTime());
    List<Fault> faults = pick(seed, 2);
    System.out.println("[seed] RandomScenarioIT -Dmokv.seed=" + seed + " faults " + faults);
    try (FaultyCluster cluster = FaultyCluster.start(3, root, seed)) {
      ScenarioReport report =
          new Scenario("random-" + seed, seed, Scenario.Timing.standard()).run(cluster, faults);
      assertThat(report.lostWrites()).as("acknowledged writes lost").isZero();
      assertThat(report.converged()).as("nodes converged").isTrue();
      assertThat(report.verdict()).as("history verdict").isEqualTo("PASS");
    }
  }

  /** {@code count} faults chosen from the default faults of the catalogue by {@code seed}. */
  static List<Fault> pick(long seed, int count) {
    Random random = new Random(seed);
    Fault[] all = Fault.defaults().toArray(Fault[]::new);
    List<Fault> faults = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      faults.add(all[random.nextInt(all.length)]);
    }
    return faults;
  }
}
