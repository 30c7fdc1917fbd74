package dev.mokv.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The mökv/etcd comparison table: ratios, missing figures, and reading a run's JSON. */
@Timeout(30)
class CompareTableTest {

  private static CompareSide side(
      String workload, String consistency, double ops, Double cpu, Double perEntry) {
    return new CompareSide(workload, consistency, 64, ops, 1.25, 9.5, 0, cpu, perEntry);
  }

  @Test
  void when_bothSidesHaveFigures_then_theRowShowsBothAndTheirRatios() {
    CompareTable.Row row =
        new CompareTable.Row(
            "put-c64", side("put", null, 4500, 120.0, 48.25), side("put", null, 10000, 40.0, null));

    String table = CompareTable.format(List.of(row));

    assertThat(row.throughputRatio()).isEqualTo(0.45);
    assertThat(row.cpuRatio()).isEqualTo(3.0);
    String[] lines = table.split("\n");
    assertThat(lines).hasSize(3);
    assertThat(lines[1]).startsWith("workload").contains("mokv").contains("etcd");
    assertThat(lines[2])
        .matches(
            "put\\s+64 \\|\\s+4500\\s+10000\\s+0\\.45 \\|\\s+1\\.25\\s+1\\.25 \\|\\s+9\\.50\\s+9\\.50"
                + " \\|\\s+120\\.0\\s+40\\.0\\s+3\\.00 \\|\\s+48\\.3 \\| 0/0");
  }

  @Test
  void when_oneSideFailed_then_itsFiguresAndTheRatiosAreDashes() {
    CompareTable.Row row =
        new CompareTable.Row("get-stale-c256", null, side("get", "STALE", 80000, null, null));

    String line = CompareTable.format(List.of(row)).split("\n")[2];

    assertThat(row.throughputRatio()).isNull();
    assertThat(row.cpuRatio()).isNull();
    assertThat(line).startsWith("get STALE").contains("80000").endsWith("| -/0");
    assertThat(line.split("\\|")[1].trim()).matches("-\\s+80000\\s+-");
  }

  @Test
  void when_etcdsFigureIsZero_then_theRatioIsADashNotInfinity() {
    assertThat(CompareTable.ratio(5.0, 0.0)).isNull();
    assertThat(CompareTable.ratio(null, 2.0)).isNull();
    assertThat(CompareTable.ratio(3.0, 2.0)).isEqualTo(1.5);
  }

  @Test
  void when_rowsAreWrittenAsJson_then_ratiosAndBothSidesAreThere() {
    CompareTable.Row row =
        new CompareTable.Row(
            "get-linearizable-c16",
            side("get", "LINEARIZABLE", 3000, 90.0, null),
            side("get", "LINEARIZABLE", 6000, 30.0, null));

    assertThat(CompareTable.json(List.of(row)))
        .startsWith("[{\"name\":\"get-linearizable-c16\",\"label\":\"get LINEARIZABLE\"")
        .contains("\"concurrency\":64,\"ops_ratio\":0.500,\"cpu_ratio\":3.000")
        .contains("\"mokv\":{\"ops_per_sec\":3000.000")
        .contains("\"etcd\":{\"ops_per_sec\":6000.000");
  }

  @Test
  void when_aRunsJsonIsRead_then_theFiguresTheTableNeedsAreTaken() {
    String json =
        "{\"workload\":\"get\",\"target\":\"etcd\",\"consistency\":\"STALE\",\"concurrency\":256,"
            + "\"ops\":1000,\"errors\":2,\"ops_per_sec\":12345.678,"
            + "\"latency_ms\":{\"p50\":1.5,\"p90\":2.0,\"p99\":4.25,\"p99_9\":5,\"max\":9,"
            + "\"mean\":1.6},\"server_processes\":3,\"server_cpu_s\":1.2,"
            + "\"server_cpu_ms_per_1k_ops\":97.2,\"raft_commands\":null,\"raft_entries\":null,"
            + "\"raft_commands_per_entry\":null,\"server_problems\":[]}";

    assertThat(CompareSide.parse(json))
        .isEqualTo(new CompareSide("get", "STALE", 256, 12345.678, 1.5, 4.25, 2, 97.2, null));
    assertThat(CompareSide.parse(json).label()).isEqualTo("get STALE");
  }

  @Test
  void when_theJsonIsNotARun_then_itIsRefusedWithAReason() {
    assertThatThrownBy(() -> CompareSide.parse("{\"workload\":\"put\"}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not the JSON of a mokv bench run");
    assertThatThrownBy(() -> CompareSide.parse("not json"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
