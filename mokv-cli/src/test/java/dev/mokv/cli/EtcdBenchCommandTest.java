package dev.mokv.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mokv.cli.etcdpb.PutRequest;
import dev.mokv.cli.etcdpb.RangeRequest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code mokv bench --target etcd} end to end against a fake 3-member etcd ({@link
 * FakeEtcdServer}): the requests' shape, where they go, and how they are counted.
 */
@Timeout(60)
class EtcdBenchCommandTest {

  private List<FakeEtcdServer> etcd = List.of();
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @AfterEach
  void stop() throws Exception {
    for (FakeEtcdServer member : etcd) {
      member.close();
    }
  }

  private int bench(long leader, String... args) throws Exception {
    etcd = FakeEtcdServer.cluster(3, leader);
    String endpoints = etcd.stream().map(FakeEtcdServer::endpoint).collect(Collectors.joining(","));
    List<String> all = new ArrayList<>(List.of("bench"));
    all.addAll(List.of(args));
    all.addAll(List.of("--target", "etcd", "--endpoints", endpoints, "--seed", "7"));
    return Main.run(
        new PrintWriter(out, true), new PrintWriter(err, true), all.toArray(String[]::new));
  }

  private Map<String, Object> json() {
    return MiniJson.object(out.toString());
  }

  private int puts(int member) {
    return etcd.get(member).puts().size();
  }

  private List<RangeRequest> allRanges() {
    List<RangeRequest> ranges = new ArrayList<>();
    etcd.forEach(member -> ranges.addAll(member.ranges()));
    return ranges;
  }

  @Test
  void when_putTargetsEtcd_then_everyPutGoesToTheLeaderWithTheRunsKeyAndValueSizes()
      throws Exception {
    int code =
        bench(2, "put", "--total", "300", "--warmup", "0", "--concurrency", "8", "-o", "json");

    assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
    assertThat(json())
        .containsEntry("workload", "put")
        .containsEntry("target", "etcd")
        .containsEntry("ops", 300.0)
        .containsEntry("errors", 0.0);
    assertThat(err.toString()).contains("etcd: puts go to the leader at " + etcd.get(1).endpoint());
    assertThat(puts(0)).isZero();
    assertThat(puts(1)).isEqualTo(300);
    assertThat(puts(2)).isZero();
    for (PutRequest put : etcd.get(1).puts()) {
      assertThat(put.getKey().toStringUtf8()).matches("k[0-9]{7}");
      assertThat(put.getValue().size()).isEqualTo(256);
    }
    assertThat(allRanges()).isEmpty();
  }

  @Test
  void when_etcdHasNoLeader_then_putsGoRoundRobinAndTheRunSaysSo() throws Exception {
    int code = bench(0, "put", "--total", "300", "--warmup", "0", "-o", "json");

    assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
    assertThat(err.toString()).contains("etcd: no leader among the endpoints; puts go round-robin");
    assertThat(List.of(puts(0), puts(1), puts(2))).containsExactly(100, 100, 100);
  }

  @Test
  void when_linearizableGetTargetsEtcd_then_preloadedKeysAreReadWithNonSerializableRanges()
      throws Exception {
    int code = bench(3, "get", "--keys", "90", "--total", "300", "--warmup", "0", "-o", "json");

    assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
    assertThat(json())
        .containsEntry("consistency", "LINEARIZABLE")
        .containsEntry("preload_ops", 90.0)
        .containsEntry("ops", 300.0)
        .containsEntry("not_found", 0.0);
    assertThat(puts(2)).isEqualTo(90);
    assertThat(etcd.get(2).puts().stream().map(p -> p.getKey().toStringUtf8()).distinct())
        .hasSize(90);
    // Reads go round-robin over all three members.
    assertThat(etcd.stream().map(m -> m.ranges().size())).containsExactly(100, 100, 100);
    assertThat(allRanges())
        .allSatisfy(
            r -> {
              assertThat(r.getSerializable()).isFalse();
              assertThat(r.getRangeEnd().isEmpty()).isTrue();
              assertThat(r.getKey().toStringUtf8()).matches("k00000[0-8][0-9]");
            });
  }

  @Test
  void when_staleGetTargetsEtcd_then_rangesAreSerializable() throws Exception {
    int code =
        bench(
            1,
            "get",
            "--consistency",
            "STALE",
            "--keys",
            "50",
            "--total",
            "90",
            "--warmup",
            "0",
            "-o",
            "json");

    assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
    assertThat(json()).containsEntry("consistency", "STALE").containsEntry("ops", 90.0);
    assertThat(allRanges()).hasSize(90).allSatisfy(r -> assertThat(r.getSerializable()).isTrue());
  }

  @Test
  void when_getRunsWithoutPreload_then_emptyRangesCountAsNotFound() throws Exception {
    int code = bench(1, "get", "--no-preload", "--total", "40", "--warmup", "0", "-o", "json");

    assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
    assertThat(json()).containsEntry("not_found", 40.0).containsEntry("errors", 0.0);
  }

  @Test
  void when_mixedTargetsEtcd_then_putsAndRangesAddUpToTheTotal() throws Exception {
    int code =
        bench(
            1,
            "mixed",
            "--read-ratio",
            "0.5",
            "--keys",
            "20",
            "--total",
            "200",
            "--warmup",
            "0",
            "-o",
            "json");

    assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
    assertThat(json()).containsEntry("ops", 200.0);
    int measuredPuts = puts(0) - 20;
    assertThat(measuredPuts + allRanges().size()).isEqualTo(200);
    // 200 draws at 0.5: 100 expected, sigma 7.1.
    assertThat(allRanges().size()).isBetween(60, 140);
  }

  @Test
  void when_serverPidsAreGiven_then_theirCpuOverTheWindowIsReportedPerThousandOps()
      throws Exception {
    long self = ProcessHandle.current().pid();
    int code =
        bench(
            1,
            "put",
            "--duration",
            "700ms",
            "--warmup",
            "0",
            "--server-pids",
            Long.toString(self),
            "-o",
            "json");

    assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
    Map<String, Object> run = json();
    assertThat(run).containsEntry("server_processes", 1.0).containsEntry("raft_commands", null);
    // This JVM is both the fake servers and the load generator: 0.7 s of a busy closed loop.
    double cpu = (Double) run.get("server_cpu_s");
    assertThat(cpu).isPositive();
    assertThat((Double) run.get("server_cpu_ms_per_1k_ops"))
        .isCloseTo(cpu * 1e6 / (Double) run.get("ops"), org.assertj.core.data.Offset.offset(0.01));
  }

  @Test
  void when_aServerPidDoesNotExist_then_exit1NamesItBeforeAnyLoad() throws Exception {
    int code = bench(1, "put", "--total", "10", "--server-pids", "999999999", "-o", "json");

    assertThat(code).isEqualTo(ExitCodes.FAILED);
    assertThat(err.toString()).contains("--server-pids: no process 999999999");
    assertThat(puts(0)).isZero();
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void when_raftMetricsAreAskedOfEtcd_then_theCommandLineIsRefused() throws Exception {
    int code = bench(1, "put", "--raft-metrics", "http://127.0.0.1:1/metrics");

    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("Raft metrics are mökv's; the target is etcd");
    assertThat(puts(0)).isZero();
  }

  @Test
  void when_waitingForEtcd_then_theRunStartsOnceTheMembersAgreeOnALeader() throws Exception {
    int code =
        bench(2, "put", "--wait-for-voters", "3", "--total", "10", "--warmup", "0", "-o", "json");

    assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
    assertThat(err.toString()).contains("etcd ready: 3 endpoints agree on a leader");
  }

  @Test
  void when_etcdNeverElectsALeader_then_waitingFailsSayingSo() throws Exception {
    int code =
        bench(
            0,
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
        .contains("etcd was not ready after 0.3 s: the endpoints do not agree on a leader yet");
    assertThat(puts(0) + puts(1) + puts(2)).isZero();
  }
}
