package dev.mokv.cli.bench;

import java.util.List;

/**
 * What the servers spent on a run's measured window.
 *
 * @param processes server processes whose CPU was read; 0 when none were given
 * @param cpuSeconds their user plus system CPU time over the window; null when not read
 * @param raftCommands mökv: write commands the leader applied in the window (its store revision's
 *     growth); null when not read
 * @param raftEntries mökv: Raft log entries the leader applied in the window; null when not read
 * @param problems why a figure that was asked for is missing (a process gone, a scrape failed, the
 *     leader changed)
 */
public record ServerCost(
    int processes, Double cpuSeconds, Long raftCommands, Long raftEntries, List<String> problems) {

  /** Copies the problems. */
  public ServerCost {
    problems = List.copyOf(problems);
  }

  /** Milliseconds of server CPU per 1,000 operations, or null. */
  public Double cpuMsPer1kOps(long ops) {
    return cpuSeconds == null || ops == 0 ? null : cpuSeconds * 1e6 / ops;
  }

  /** Write commands per Raft log entry, or null. */
  public Double commandsPerEntry() {
    return raftCommands == null || raftEntries == null || raftEntries == 0
        ? null
        : (double) raftCommands / raftEntries;
  }
}
