package dev.mokv.cli.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The CPU time of a set of server processes of this machine, by {@link ProcStat}. */
final class ServerCpu {

  private final List<Long> pids;
  private final long ticksPerSecond;

  ServerCpu(List<Long> pids, long ticksPerSecond) {
    this.pids = List.copyOf(pids);
    this.ticksPerSecond = ticksPerSecond;
  }

  /**
   * Checks that every process can be read and finds the tick rate.
   *
   * @throws BenchException naming a missing process, or a failed {@code getconf CLK_TCK}
   */
  static ServerCpu of(List<Long> pids) throws BenchException, InterruptedException {
    ServerCpu cpu = new ServerCpu(pids, clockTicks());
    try {
      cpu.ticks();
    } catch (IOException e) {
      throw new BenchException("--server-pids: " + e.getMessage());
    }
    return cpu;
  }

  /** The processes' CPU ticks so far, summed. */
  long ticks() throws IOException {
    long sum = 0;
    for (long pid : pids) {
      sum += ProcStat.cpuTicks(pid);
    }
    return sum;
  }

  /** Seconds of {@code ticks}. */
  double seconds(long ticks) {
    return (double) ticks / ticksPerSecond;
  }

  int processes() {
    return pids.size();
  }

  /** {@code getconf CLK_TCK}: the unit of {@code /proc/<pid>/stat}'s times (100 on Linux). */
  private static long clockTicks() throws BenchException, InterruptedException {
    try {
      Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String output = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!getconf.waitFor(10, TimeUnit.SECONDS) || getconf.exitValue() != 0) {
        getconf.destroyForcibly();
        throw new BenchException("getconf CLK_TCK failed: " + output.strip());
      }
      return ProcStat.parseClockTicks(output);
    } catch (IOException | IllegalArgumentException e) {
      throw new BenchException("cannot find the clock tick rate: " + e.getMessage());
    }
  }
}
