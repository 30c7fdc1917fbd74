package dev.mokv.cli.bench;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * One system's figures in one cell of a comparison, read from the JSON that {@code mokv bench -o
 * json} printed. A figure the run did not produce is null.
 *
 * @param workload {@code put}, {@code get} or {@code mixed}
 * @param consistency of the reads, or null
 * @param concurrency requests in flight
 * @param opsPerSec measured throughput
 * @param p50 median latency, ms
 * @param p99 99th percentile latency, ms
 * @param errors failed measured requests
 * @param cpuMsPer1kOps server CPU milliseconds per 1,000 operations
 * @param commandsPerEntry mökv: write commands per Raft log entry on the leader
 */
public record CompareSide(
    String workload,
    String consistency,
    long concurrency,
    double opsPerSec,
    Double p50,
    Double p99,
    long errors,
    Double cpuMsPer1kOps,
    Double commandsPerEntry) {

  /**
   * Reads a run's JSON.
   *
   * @throws IllegalArgumentException if it is not the JSON of a run
   */
  public static CompareSide parse(String json) {
    try {
      JsonObject run = JsonParser.parseString(json).getAsJsonObject();
      JsonElement latency = run.get("latency_ms");
      JsonObject l = latency == null || latency.isJsonNull() ? null : latency.getAsJsonObject();
      return new CompareSide(
          run.get("workload").getAsString(),
          orNullString(run.get("consistency")),
          run.get("concurrency").getAsLong(),
          run.get("ops_per_sec").getAsDouble(),
          l == null ? null : orNull(l.get("p50")),
          l == null ? null : orNull(l.get("p99")),
          run.get("errors").getAsLong(),
          orNull(run.get("server_cpu_ms_per_1k_ops")),
          orNull(run.get("raft_commands_per_entry")));
    } catch (JsonParseException | IllegalStateException | NullPointerException e) {
      throw new IllegalArgumentException("not the JSON of a mokv bench run: " + e.getMessage(), e);
    }
  }

  /** {@code put}, {@code get LINEARIZABLE}, {@code get STALE}, {@code mixed STALE}. */
  public String label() {
    return consistency == null ? workload : workload + " " + consistency;
  }

  private static Double orNull(JsonElement e) {
    return e == null || e.isJsonNull() ? null : e.getAsDouble();
  }

  private static String orNullString(JsonElement e) {
    return e == null || e.isJsonNull() ? null : e.getAsString();
  }
}
