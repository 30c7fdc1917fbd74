package dev.mokv.cli.bench;

import dev.mokv.cli.output.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The table of a same-run comparison of mökv with etcd: per cell, each system's throughput, the
 * ratio mökv/etcd, latencies, errors, server CPU per 1,000 operations and its ratio, and mökv's
 * write commands per Raft log entry. A figure a cell lacks (a run failed) prints as {@code -}.
 */
public final class CompareTable {

  /**
   * One cell: the same load against both systems, one after the other.
   *
   * @param name the cell's name, e.g. {@code put-c64}
   * @param mokv mökv's figures, or null when its run left none
   * @param etcd etcd's figures, or null when its run left none
   */
  public record Row(String name, CompareSide mokv, CompareSide etcd) {

    /** The workload and consistency, from whichever side has figures, else the cell's name. */
    String label() {
      CompareSide any = mokv != null ? mokv : etcd;
      return any == null ? name : any.label();
    }

    /** Requests in flight, or null. */
    Long concurrency() {
      CompareSide any = mokv != null ? mokv : etcd;
      return any == null ? null : any.concurrency();
    }

    /** mökv's ops/s over etcd's, or null. */
    public Double throughputRatio() {
      return ratio(mokv == null ? null : mokv.opsPerSec(), etcd == null ? null : etcd.opsPerSec());
    }

    /** mökv's server CPU per operation over etcd's, or null. */
    public Double cpuRatio() {
      return ratio(
          mokv == null ? null : mokv.cpuMsPer1kOps(), etcd == null ? null : etcd.cpuMsPer1kOps());
    }
  }

  private static final String FORMAT =
      "%-18s %6s | %9s %9s %7s | %7s %7s | %7s %7s | %8s %8s %6s | %7s | %s%n";

  private CompareTable() {}

  /** The table, header included, one line per row. */
  public static String format(List<Row> rows) {
    StringBuilder table = new StringBuilder();
    table.append(
        String.format(
            Locale.ROOT,
            FORMAT,
            "",
            "",
            "ops/s",
            "",
            "ratio",
            "p50 ms",
            "",
            "p99 ms",
            "",
            "CPU ms/1k ops",
            "",
            "ratio",
            "cmds/",
            "errors"));
    table.append(
        String.format(
            Locale.ROOT,
            FORMAT,
            "workload",
            "flight",
            "mokv",
            "etcd",
            "m/e",
            "mokv",
            "etcd",
            "mokv",
            "etcd",
            "mokv",
            "etcd",
            "m/e",
            "entry",
            "mokv/etcd"));
    for (Row row : rows) {
      CompareSide m = row.mokv();
      CompareSide e = row.etcd();
      table.append(
          String.format(
              Locale.ROOT,
              FORMAT,
              row.label(),
              row.concurrency() == null ? "-" : row.concurrency().toString(),
              m == null ? "-" : whole(m.opsPerSec()),
              e == null ? "-" : whole(e.opsPerSec()),
              twoPlaces(row.throughputRatio()),
              m == null ? "-" : twoPlaces(m.p50()),
              e == null ? "-" : twoPlaces(e.p50()),
              m == null ? "-" : twoPlaces(m.p99()),
              e == null ? "-" : twoPlaces(e.p99()),
              m == null ? "-" : onePlace(m.cpuMsPer1kOps()),
              e == null ? "-" : onePlace(e.cpuMsPer1kOps()),
              twoPlaces(row.cpuRatio()),
              m == null ? "-" : onePlace(m.commandsPerEntry()),
              (m == null ? "-" : Long.toString(m.errors()))
                  + "/"
                  + (e == null ? "-" : Long.toString(e.errors()))));
    }
    return table.toString();
  }

  /** The rows' figures as one JSON array, ratios included, for scripts. */
  public static String json(List<Row> rows) {
    List<String> objects = new ArrayList<>();
    for (Row row : rows) {
      objects.add(
          String.format(
              Locale.ROOT,
              "{\"name\":%s,\"label\":%s,\"concurrency\":%s,\"ops_ratio\":%s,"
                  + "\"cpu_ratio\":%s,\"mokv\":%s,\"etcd\":%s}",
              Json.quote(row.name()),
              Json.quote(row.label()),
              row.concurrency(),
              jsonNumber(row.throughputRatio()),
              jsonNumber(row.cpuRatio()),
              side(row.mokv()),
              side(row.etcd())));
    }
    return "[" + String.join(",", objects) + "]";
  }

  private static String side(CompareSide s) {
    if (s == null) {
      return "null";
    }
    return String.format(
        Locale.ROOT,
        "{\"ops_per_sec\":%s,\"p50_ms\":%s,\"p99_ms\":%s,\"errors\":%d,"
            + "\"server_cpu_ms_per_1k_ops\":%s,\"raft_commands_per_entry\":%s}",
        jsonNumber(s.opsPerSec()),
        jsonNumber(s.p50()),
        jsonNumber(s.p99()),
        s.errors(),
        jsonNumber(s.cpuMsPer1kOps()),
        jsonNumber(s.commandsPerEntry()));
  }

  /** {@code a / b}, or null when either is missing or {@code b} is not positive. */
  static Double ratio(Double a, Double b) {
    if (a == null || b == null || !(b > 0) || a.isNaN()) {
      return null;
    }
    return a / b;
  }

  private static String whole(double value) {
    return String.format(Locale.ROOT, "%.0f", value);
  }

  private static String onePlace(Double value) {
    return value == null ? "-" : String.format(Locale.ROOT, "%.1f", value);
  }

  private static String twoPlaces(Double value) {
    return value == null ? "-" : String.format(Locale.ROOT, "%.2f", value);
  }

  private static String jsonNumber(Double value) {
    return value == null || value.isNaN() || value.isInfinite()
        ? "null"
        : String.format(Locale.ROOT, "%.3f", value);
  }
}
