package dev.mokv.cli.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Samples the servers at the opening and the closing of the measured window: the CPU ticks of
 * {@code --server-pids}, and, for mökv, each {@code --raft-metrics} node's {@link RaftProgress}. At
 * the opening the metrics are scraped before the CPU is read, at the closing after, so that the
 * scrapes' own cost stays out of the CPU figure.
 */
final class ServerProbe implements MeasureWindow {

  private final ServerCpu cpu;
  private final List<URI> metrics;
  private final HttpClient http;
  private final List<String> problems = new ArrayList<>();
  private Long ticksAtOpening;
  private Long ticksAtClosing;
  private List<RaftProgress> progressAtOpening;
  private List<RaftProgress> progressAtClosing;

  private ServerProbe(ServerCpu cpu, List<URI> metrics) {
    this.cpu = cpu;
    this.metrics = List.copyOf(metrics);
    this.http =
        metrics.isEmpty()
            ? null
            : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  /**
   * A probe of the spec's server processes and metrics URLs; checks now that they can be read.
   *
   * @throws BenchException naming a process or URL that cannot be read
   */
  static ServerProbe of(BenchSpec spec) throws BenchException, InterruptedException {
    ServerCpu cpu = spec.serverPids().isEmpty() ? null : ServerCpu.of(spec.serverPids());
    ServerProbe probe = new ServerProbe(cpu, spec.raftMetrics());
    try {
      probe.scrape();
    } catch (IOException e) {
      throw new BenchException("--raft-metrics: " + e.getMessage());
    }
    return probe;
  }

  @Override
  public void opening() {
    progressAtOpening = scrapeOrNote("at the start");
    ticksAtOpening = ticksOrNote("at the start");
  }

  @Override
  public void closed() {
    ticksAtClosing = ticksOrNote("at the end");
    progressAtClosing = scrapeOrNote("at the end");
  }

  /** The figures of the window; call after {@link #closed()}. */
  ServerCost cost() {
    Double cpuSeconds =
        ticksAtOpening == null || ticksAtClosing == null
            ? null
            : cpu.seconds(ticksAtClosing - ticksAtOpening);
    Long commands = null;
    Long entries = null;
    if (progressAtOpening != null && progressAtClosing != null) {
      int leader = stableLeader();
      if (leader >= 0) {
        commands =
            progressAtClosing.get(leader).revision() - progressAtOpening.get(leader).revision();
        entries =
            progressAtClosing.get(leader).appliedIndex()
                - progressAtOpening.get(leader).appliedIndex();
      } else {
        problems.add("no node led at both the start and the end of the window");
      }
    }
    return new ServerCost(
        cpu == null ? 0 : cpu.processes(), cpuSeconds, commands, entries, problems);
  }

  /** The index of the node that led at the opening and at the closing, or -1. */
  private int stableLeader() {
    for (int i = 0; i < metrics.size(); i++) {
      if (progressAtOpening.get(i).leader() && progressAtClosing.get(i).leader()) {
        return i;
      }
    }
    return -1;
  }

  private Long ticksOrNote(String when) {
    if (cpu == null) {
      return null;
    }
    try {
      return cpu.ticks();
    } catch (IOException e) {
      problems.add("server CPU " + when + ": " + e.getMessage());
      return null;
    }
  }

  private List<RaftProgress> scrapeOrNote(String when) {
    if (metrics.isEmpty()) {
      return null;
    }
    try {
      return scrape();
    } catch (IOException e) {
      problems.add("Raft metrics " + when + ": " + e.getMessage());
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      problems.add("Raft metrics " + when + ": interrupted");
      return null;
    }
  }

  private List<RaftProgress> scrape() throws IOException, InterruptedException {
    List<RaftProgress> progress = new ArrayList<>();
    for (URI uri : metrics) {
      progress.add(RaftProgress.scrape(http, uri));
    }
    return progress;
  }
}
