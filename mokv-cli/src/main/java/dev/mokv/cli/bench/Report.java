package dev.mokv.cli.bench;

import dev.mokv.cli.output.Json;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.StringJoiner;

/** Prints a run's spec and figures, as text for people or as one JSON object for scripts. */
public final class Report {

  private Report() {}

  /** A few aligned lines. */
  public static void text(PrintWriter out, BenchSpec spec, BenchRun.Result result) {
    Summary s = result.summary();
    out.printf(
        Locale.ROOT,
        "workload     %s%s, %d in flight, %d connection%s, endpoints %s%n",
        spec.workload().label(),
        describeReads(spec),
        spec.concurrency(),
        spec.connections(),
        spec.connections() == 1 ? "" : "s",
        String.join(",", spec.endpoints()));
    out.printf("target       %s%n", spec.target().label());
    if (spec.workload() != Workload.PING) {
      out.printf(
          Locale.ROOT,
          "keys         %d %s, %d-byte keys, %d-byte values, seed %d%n",
          spec.keys().size(),
          spec.keys().sequential() ? "sequential" : "uniform",
          spec.keys().keySize(),
          spec.valueSize(),
          spec.seed());
    }
    Summary preload = result.preload();
    if (preload != null) {
      out.printf(
          Locale.ROOT,
          "preload      %d keys in %.2f s (%.0f ops/s), errors: %s%n",
          preload.ops(),
          preload.seconds(),
          preload.opsPerSecond(),
          preload.errorsText());
    }
    if (!spec.warmup().isZero()) {
      out.printf(
          Locale.ROOT,
          "warm-up      %.1f s, %d requests (%d failed), not measured%n",
          spec.warmup().toNanos() / 1e9,
          s.warmupRequests(),
          s.warmupErrors());
    }
    out.printf(
        Locale.ROOT,
        "measured     %.2f s, %d ok, %d failed%s%n",
        s.seconds(),
        s.ops(),
        s.errorCount(),
        s.notFound() > 0 ? ", " + s.notFound() + " gets found no key" : "");
    out.printf(Locale.ROOT, "throughput   %.0f ops/s%n", s.opsPerSecond());
    Summary.Latency l = s.latency();
    if (l != null) {
      out.printf(
          Locale.ROOT,
          "latency ms   p50 %s  p90 %s  p99 %s  p99.9 %s  max %s%n",
          ms(l.p50()),
          ms(l.p90()),
          ms(l.p99()),
          ms(l.p999()),
          ms(l.max()));
    }
    out.printf("errors       %s%n", s.errorsText());
    if (s.abandoned() > 0) {
      out.printf("abandoned    %d requests still in flight at the end%n", s.abandoned());
    }
    costText(out, result.cost(), s.ops());
  }

  private static void costText(PrintWriter out, ServerCost cost, long ops) {
    if (cost == null) {
      return;
    }
    if (cost.cpuSeconds() != null) {
      Double perK = cost.cpuMsPer1kOps(ops);
      out.printf(
          Locale.ROOT,
          "server CPU   %.2f s on %d process%s, %s ms per 1,000 ops%n",
          cost.cpuSeconds(),
          cost.processes(),
          cost.processes() == 1 ? "" : "es",
          perK == null ? "-" : String.format(Locale.ROOT, "%.1f", perK));
    }
    if (cost.raftCommands() != null) {
      Double perEntry = cost.commandsPerEntry();
      out.printf(
          Locale.ROOT,
          "raft         %d write commands in %d log entries on the leader, %s per entry%n",
          cost.raftCommands(),
          cost.raftEntries(),
          perEntry == null ? "-" : String.format(Locale.ROOT, "%.1f", perEntry));
    }
    cost.problems().forEach(p -> out.printf("note         %s%n", p));
  }

  /** One JSON object on one line. */
  public static void json(PrintWriter out, BenchSpec spec, BenchRun.Result result) {
    Summary s = result.summary();
    StringJoiner endpoints = new StringJoiner(",", "[", "]");
    spec.endpoints().forEach(e -> endpoints.add(Json.quote(e)));
    StringJoiner errors = new StringJoiner(",", "{", "}");
    s.errors().forEach((code, n) -> errors.add(Json.quote(code) + ":" + n));
    StringBuilder json = new StringBuilder("{");
    json.append("\"workload\":").append(Json.quote(spec.workload().label()));
    json.append(",\"target\":").append(Json.quote(spec.target().label()));
    json.append(",\"consistency\":")
        .append(spec.workload().reads() ? Json.quote(spec.consistency().name()) : "null");
    json.append(",\"read_ratio\":")
        .append(spec.workload() == Workload.MIXED ? num(spec.readRatio()) : "null");
    json.append(",\"endpoints\":").append(endpoints);
    json.append(",\"connections\":").append(spec.connections());
    json.append(",\"concurrency\":").append(spec.concurrency());
    json.append(",\"keys\":").append(spec.keys().size());
    json.append(",\"key_size\":").append(spec.keys().keySize());
    json.append(",\"sequential_keys\":").append(spec.keys().sequential());
    json.append(",\"value_size\":").append(spec.valueSize());
    json.append(",\"seed\":").append(spec.seed());
    json.append(",\"total\":").append(spec.counted() ? Long.toString(spec.total()) : "null");
    json.append(",\"warmup_s\":").append(num(spec.warmup().toNanos() / 1e9));
    json.append(",\"warmup_requests\":").append(s.warmupRequests());
    json.append(",\"warmup_errors\":").append(s.warmupErrors());
    Summary preload = result.preload();
    json.append(",\"preload_ops\":").append(preload == null ? "null" : preload.ops());
    json.append(",\"preload_errors\":").append(preload == null ? "null" : preload.errorCount());
    json.append(",\"duration_s\":").append(num(s.seconds()));
    json.append(",\"ops\":").append(s.ops());
    json.append(",\"not_found\":").append(s.notFound());
    json.append(",\"errors\":").append(s.errorCount());
    json.append(",\"errors_by_code\":").append(errors);
    json.append(",\"abandoned\":").append(s.abandoned());
    json.append(",\"ops_per_sec\":").append(num(s.opsPerSecond()));
    Summary.Latency l = s.latency();
    if (l == null) {
      json.append(",\"latency_ms\":null");
    } else {
      json.append(",\"latency_ms\":{\"p50\":").append(num(l.p50()));
      json.append(",\"p90\":").append(num(l.p90()));
      json.append(",\"p99\":").append(num(l.p99()));
      json.append(",\"p99_9\":").append(num(l.p999()));
      json.append(",\"max\":").append(num(l.max()));
      json.append(",\"mean\":").append(num(l.mean())).append('}');
    }
    costJson(json, result.cost(), s.ops());
    out.println(json.append('}'));
  }

  private static void costJson(StringBuilder json, ServerCost cost, long ops) {
    if (cost == null) {
      return;
    }
    json.append(",\"server_processes\":").append(cost.processes());
    json.append(",\"server_cpu_s\":").append(orNull(cost.cpuSeconds()));
    json.append(",\"server_cpu_ms_per_1k_ops\":").append(orNull(cost.cpuMsPer1kOps(ops)));
    json.append(",\"raft_commands\":").append(cost.raftCommands());
    json.append(",\"raft_entries\":").append(cost.raftEntries());
    json.append(",\"raft_commands_per_entry\":").append(orNull(cost.commandsPerEntry()));
    StringJoiner problems = new StringJoiner(",", "[", "]");
    cost.problems().forEach(p -> problems.add(Json.quote(p)));
    json.append(",\"server_problems\":").append(problems);
  }

  private static String orNull(Double value) {
    return value == null ? "null" : num(value);
  }

  private static String describeReads(BenchSpec spec) {
    return switch (spec.workload()) {
      case GET -> " " + spec.consistency();
      case MIXED ->
          String.format(
              Locale.ROOT, " %.0f%% reads %s", spec.readRatio() * 100, spec.consistency());
      default -> "";
    };
  }

  /** Three significant digits at least, so that 0.094 and 184 both read well. */
  private static String ms(double ms) {
    return String.format(Locale.ROOT, ms < 1 ? "%.3f" : ms < 10 ? "%.2f" : "%.1f", ms);
  }

  private static String num(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return "null";
    }
    return String.format(Locale.ROOT, "%.3f", value);
  }
}
