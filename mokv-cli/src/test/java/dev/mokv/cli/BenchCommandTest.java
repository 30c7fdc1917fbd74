package dev.mokv.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code mokv bench} end to end against a {@link FakeBenchServer}: figures, JSON and errors. */
@Timeout(60)
class BenchCommandTest {

  private FakeBenchServer server;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void start() throws Exception {
    server = new FakeBenchServer();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  private int bench(String... args) {
    List<String> all = new ArrayList<>(List.of("bench"));
    all.addAll(List.of(args));
    all.addAll(List.of("--endpoints", server.endpoint(), "--seed", "7"));
    return Main.run(
        new PrintWriter(out, true), new PrintWriter(err, true), all.toArray(String[]::new));
  }

  private Map<String, Object> json() {
    return MiniJson.object(out.toString());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }

  @Test
  void when_putRunsForATotal_then_jsonReportsExactlyThatManyOpsAndOrderedPercentiles() {
    int code = bench("put", "--total", "500", "--warmup", "0", "--concurrency", "8", "-o", "json");

    assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
    Map<String, Object> run = json();
    assertThat(run)
        .containsEntry("workload", "put")
        .containsEntry("consistency", null)
        .containsEntry("concurrency", 8.0)
        .containsEntry("keys", 10000.0)
        .containsEntry("value_size", 256.0)
        .containsEntry("seed", 7.0)
        .containsEntry("total", 500.0)
        .containsEntry("ops", 500.0)
        .containsEntry("errors", 0.0)
        .containsEntry("errors_by_code", Map.of())
        .containsEntry("abandoned", 0.0)
        .containsEntry("endpoints", List.of(server.endpoint()));
    double seconds = (Double) run.get("duration_s");
    assertThat((Double) run.get("ops_per_sec")).isCloseTo(500 / seconds, within(500 / seconds));
    Map<String, Object> latency = map(run.get("latency_ms"));
    assertThat((Double) latency.get("p50")).isPositive();
    assertThat((Double) latency.get("p50")).isLessThanOrEqualTo((Double) latency.get("p90"));
    assertThat((Double) latency.get("p90")).isLessThanOrEqualTo((Double) latency.get("p99"));
    assertThat((Double) latency.get("p99")).isLessThanOrEqualTo((Double) latency.get("p99_9"));
    assertThat((Double) latency.get("p99_9")).isLessThanOrEqualTo((Double) latency.get("max"));
    assertThat(server.sets()).isEqualTo(500);
  }

  private static org.assertj.core.data.Offset<Double> within(double expected) {
    return org.assertj.core.data.Offset.offset(expected * 0.01);
  }

  @Test
  void when_getRuns_then_theKeySpaceIsPreloadedFirstAndEveryGetFindsItsKey() {
    int code = bench("get", "--keys", "200", "--total", "300", "--warmup", "0", "-o", "json");

    assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
    Map<String, Object> run = json();
    assertThat(run)
        .containsEntry("consistency", "LINEARIZABLE")
        .containsEntry("preload_ops", 200.0)
        .containsEntry("preload_errors", 0.0)
        .containsEntry("ops", 300.0)
        .containsEntry("not_found", 0.0);
    assertThat(server.keys()).isEqualTo(200);
    assertThat(server.sets()).isEqualTo(200);
    assertThat(server.gets()).isEqualTo(300);
  }

  @Test
  void when_getRunsWithoutPreload_then_missingKeysAreCountedAsNotFoundNotAsErrors() {
    int code = bench("get", "--no-preload", "--total", "50", "--warmup", "0", "-o", "json");

    assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
    assertThat(json())
        .containsEntry("preload_ops", null)
        .containsEntry("ops", 50.0)
        .containsEntry("not_found", 50.0)
        .containsEntry("errors", 0.0);
  }

  @Test
  void when_mixedRuns_then_aboutReadRatioOfTheRequestsAreGets() {
    int code =
        bench(
            "mixed",
            "--read-ratio",
            "0.25",
            "--keys",
            "100",
            "--total",
            "400",
            "--warmup",
            "0",
            "--consistency",
            "STALE",
            "-o",
            "json");

    assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
    assertThat(json())
        .containsEntry("read_ratio", 0.25)
        .containsEntry("consistency", "STALE")
        .containsEntry("ops", 400.0);
    // 400 draws at 0.25: 100 expected, sigma 8.7.
    assertThat(server.gets()).isBetween(60L, 140L);
    assertThat(server.sets() - 100).isEqualTo(400 - server.gets());
  }

  @Test
  void when_someRequestsFail_then_theyAreCountedByStatusCodeAndTheRunSucceeds() {
    server.failEverySet(5);

    int code = bench("put", "--total", "500", "--warmup", "0", "-o", "json");

    assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
    assertThat(json())
        .containsEntry("ops", 400.0)
        .containsEntry("errors", 100.0)
        .containsEntry("errors_by_code", Map.of("INTERNAL", 100.0));
  }

  @Test
  void when_everyRequestFails_then_exit1WithTheCodesAndTheFiguresStillPrinted() {
    server.failEverySet(1);

    int code = bench("put", "--total", "40", "--warmup", "0", "-o", "json");

    assertThat(code).isEqualTo(ExitCodes.FAILED);
    assertThat(json())
        .containsEntry("ops", 0.0)
        .containsEntry("latency_ms", null)
        .containsEntry("errors_by_code", Map.of("INTERNAL", 40.0));
    assertThat(err.toString())
        .contains("mokv bench: every request failed (INTERNAL 40); is the cluster up at");
  }

  @Test
  void when_pingRuns_then_healthChecksAreTheRequests() {
    int code = bench("ping", "--total", "300", "--warmup", "0", "--connections", "2", "-o", "json");

    assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
    assertThat(json()).containsEntry("workload", "ping").containsEntry("ops", 300.0);
    assertThat(server.sets() + server.gets()).isZero();
  }

  @Test
  void when_pingedServerIsNotServing_then_answersCountAsNotServingAndTheRunFails() {
    server.serving(false);

    int code = bench("ping", "--total", "30", "--warmup", "0", "-o", "json");

    assertThat(code).isEqualTo(ExitCodes.FAILED);
    assertThat(json()).containsEntry("errors_by_code", Map.of("NOT_SERVING", 30.0));
  }

  @Test
  void when_outputIsText_then_throughputLatenciesAndErrorsAreLines() {
    int code = bench("put", "--total", "200", "--warmup", "0", "--no-progress");

    assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
    assertThat(out.toString())
        .contains("workload     put, 16 in flight, 1 connection, endpoints " + server.endpoint())
        .contains("keys         10000 uniform, 8-byte keys, 256-byte values, seed 7")
        .contains("measured     ")
        .contains(", 200 ok, 0 failed")
        .containsPattern("throughput   \\d+ ops/s")
        .containsPattern("latency ms   p50 [0-9.]+  p90 [0-9.]+  p99 [0-9.]+  p99.9 [0-9.]+  max ")
        .contains("errors       none");
  }

  @Test
  void when_runningWithWarmup_then_theProgressBarShowsBothPhasesOnStderr() {
    int code = bench("put", "--duration", "600ms", "--warmup", "300ms", "-o", "json");

    assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
    assertThat(err.toString())
        .contains("mokv bench put: seed 7")
        .contains("\rwarm-up  [")
        .contains("\rmeasure  [")
        .contains("100% 0.6s/0.6s");
    Map<String, Object> run = json();
    assertThat((Double) run.get("warmup_requests")).isPositive();
    assertThat((Double) run.get("duration_s")).isGreaterThanOrEqualTo(0.6);
  }

  @Test
  void when_waitingForVoters_then_theRunStartsOnceTheClusterReportsThem() {
    int code =
        bench("put", "--wait-for-voters", "1", "--total", "10", "--warmup", "0", "-o", "json");

    assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
    assertThat(err.toString()).contains("cluster ready: 1 voters, every endpoint SERVING");
  }

  @Test
  void when_theClusterNeverGetsReady_then_exit1SaysWhatWasMissing() {
    int code =
        bench(
            "put",
            "--wait-for-voters",
            "3",
            "--wait-timeout",
            "300ms",
            "--total",
            "10",
            "-o",
            "json");

    assertThat(code).isEqualTo(ExitCodes.FAILED);
    assertThat(err.toString())
        .contains("mokv bench: the cluster was not ready after 0.3 s: ")
        .contains(server.endpoint() + " sees 1 live voter (waiting for 3)");
    assertThat(out.toString()).isEmpty();
  }
}
