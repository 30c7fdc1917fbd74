package dev.mokv.tests.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mokv.tests.fault.Fault;
import dev.mokv.tests.fault.FaultyCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * A long randomized soak: one 3-node cluster, round after round of a random fault under traffic,
 * each round judged like a scenario, until {@code -Dmokv.soak.duration} (e.g. {@code 10m}) has
 * passed. The first round freezes a follower for {@link #VERY_LONG_PAUSE} (a VM stalled for
 * minutes), the pause no build-time test can afford. Run with {@code make robustness DURATION=30m};
 * not part of {@code make test}.
 */
@EnabledIfSystemProperty(named = "mokv.soak.duration", matches = ".+")
class SoakIT {

  /** How long the first round freezes a follower: minutes past Ratis's close threshold. */
  static final Duration VERY_LONG_PAUSE = Duration.ofMinutes(5);

  @TempDir Path root;

  @Test
  @Timeout(value = 4, unit = java.util.concurrent.TimeUnit.HOURS)
  void soak() throws Exception {
    Duration duration = parse(System.getProperty("mokv.soak.duration"));
    long seed = Long.getLong("mokv.seed", System.nanoTime());
    System.out.println("[seed] SoakIT -Dmokv.seed=" + seed + " for " + duration);
    Random random = new Random(seed);
    List<ScenarioReport> reports = new ArrayList<>();
    long deadline = System.nanoTime() + duration.toNanos();
    try (FaultyCluster cluster = FaultyCluster.start(3, root, seed)) {
      Scenario.Timing veryLong =
          new Scenario.Timing(Duration.ofSeconds(3), VERY_LONG_PAUSE, Duration.ofSeconds(3));
      reports.add(
          new Scenario("soak-0-PAUSE_LONG-" + VERY_LONG_PAUSE.toMinutes() + "min", seed, veryLong)
              .run(cluster, List.of(Fault.PAUSE_LONG)));
      for (int round = 1; System.nanoTime() < deadline; round++) {
        Fault fault = Fault.values()[random.nextInt(Fault.values().length)];
        long roundSeed = random.nextLong();
        reports.add(
            new Scenario("soak-" + round + "-" + fault, roundSeed, Scenario.Timing.standard())
                .run(cluster, List.of(fault)));
      }
    }
    String summary = summarize(seed, duration, reports);
    System.out.println(summary);
    Files.createDirectories(ScenarioReport.DIR);
    Files.writeString(
        ScenarioReport.DIR.resolve("soak-summary.txt"), summary, StandardCharsets.UTF_8);
    assertThat(reports).allSatisfy(r -> assertThat(r.passed()).as(r.row()).isTrue());
  }

  private static String summarize(long seed, Duration duration, List<ScenarioReport> reports) {
    long ops = reports.stream().mapToLong(ScenarioReport::operations).sum();
    long acked = reports.stream().mapToLong(ScenarioReport::acknowledgedWrites).sum();
    long lost = reports.stream().mapToLong(ScenarioReport::lostWrites).sum();
    long failed = reports.stream().filter(r -> !r.passed()).count();
    long worstRecovery =
        reports.stream().mapToLong(ScenarioReport::healToServiceMillis).max().orElse(0);
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            "soak: seed %d, %s, %d rounds (faults injected), %d operations checked, %d acknowledged unique writes, %d lost, %d rounds failed, worst heal-to-service %d ms%n",
            seed, duration, reports.size(), ops, acked, lost, failed, worstRecovery));
    reports.forEach(r -> s.append(r.row()).append('\n'));
    return s.toString();
  }

  static Duration parse(String text) throws IOException {
    String t = text.trim().toLowerCase();
    if (t.endsWith("m")) {
      return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
    }
    if (t.endsWith("s")) {
      return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
    }
    if (t.endsWith("h")) {
      return Duration.ofHours(Long.parseLong(t.substring(0, t.length() - 1)));
    }
    throw new IOException("mokv.soak.duration must look like 90s, 10m or 1h, was '" + text + "'");
  }
}
