package dev.mokv.cli.bench;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/**
 * One bench run from start to end: wait for the cluster if asked, connect, preload the key space
 * for reads, warm up, measure, disconnect.
 */
public final class BenchRun {

  /**
   * Preloading writes many keys at once even when the run itself has few requests in flight, so
   * that a run at 1 in flight does not spend most of its time preloading.
   */
  static final int MIN_PRELOAD_CONCURRENCY = 64;

  /** Room past the request deadline for the last requests to complete or fail. */
  private static final Duration DRAIN_SLACK = Duration.ofSeconds(5);

  /**
   * What a run measured.
   *
   * @param summary the measured workload
   * @param preload the preload's figures, or null when there was none
   * @param cost what the servers spent on the measured window
   */
  public record Result(Summary summary, Summary preload, ServerCost cost) {}

  private final BenchSpec spec;
  private final PrintWriter err;
  private final boolean progress;

  /**
   * @param err where the progress bar and notes go
   * @param progress whether to draw the progress bar
   */
  public BenchRun(BenchSpec spec, PrintWriter err, boolean progress) {
    this.spec = spec;
    this.err = err;
    this.progress = progress;
  }

  /**
   * Runs; failed requests are counted, never thrown.
   *
   * @throws BenchException if the cluster was not ready in time, or every preload write failed
   */
  public Result run() throws BenchException, InterruptedException {
    if (spec.waitForVoters() > 0) {
      awaitReady();
    }
    ServerProbe probe = ServerProbe.of(spec);
    if (spec.workload() == Workload.PING) {
      try (PingRequests ping =
          PingRequests.open(spec.endpoints(), spec.connections(), spec.timeout())) {
        return new Result(measure(ping, probe), null, probe.cost());
      }
    }
    if (spec.target() == Target.ETCD) {
      return runEtcd(probe);
    }
    try (ClientRequests client = ClientRequests.connect(spec)) {
      Summary preload = null;
      if (spec.workload().preloads() && spec.preload()) {
        preload = preload(client.preload());
      }
      return new Result(measure(client.workload(), probe), preload, probe.cost());
    }
  }

  private Result runEtcd(ServerProbe probe) throws BenchException, InterruptedException {
    String leader = EtcdStatus.ask(spec.endpoints()).leaderEndpoint();
    note(
        leader == null
            ? "etcd: no leader among the endpoints; puts go round-robin (followers forward them)"
            : "etcd: puts go to the leader at " + leader);
    try (EtcdRequests etcd = EtcdRequests.open(spec, leader)) {
      Summary preload = null;
      if (spec.workload().preloads() && spec.preload()) {
        preload = preload(etcd.preload());
      }
      return new Result(measure(etcd.workload(), probe), preload, probe.cost());
    }
  }

  private void awaitReady() throws BenchException, InterruptedException {
    if (spec.target() == Target.ETCD) {
      Duration waited =
          EtcdStatus.await(spec.endpoints(), spec.waitForVoters(), spec.waitTimeout());
      note(
          String.format(
              Locale.ROOT,
              "etcd ready: %d endpoints agree on a leader (waited %.2f s)",
              spec.waitForVoters(),
              waited.toNanos() / 1e9));
      return;
    }
    Duration waited =
        ClusterReadiness.await(spec.endpoints(), spec.waitForVoters(), spec.waitTimeout());
    note(
        String.format(
            Locale.ROOT,
            "cluster ready: %d voters, every endpoint SERVING (waited %.2f s)",
            spec.waitForVoters(),
            waited.toNanos() / 1e9));
  }

  private Summary preload(RequestSource writes) throws BenchException, InterruptedException {
    int concurrency = Math.max(spec.concurrency(), MIN_PRELOAD_CONCURRENCY);
    LoadGenerator writer = new LoadGenerator(writes, concurrency, spec.keys().size(), spec.seed());
    Summary summary = Summary.of(runShowing("preload", writer, Duration.ZERO));
    if (summary.ops() == 0) {
      throw new BenchException(
          "preload failed: none of "
              + spec.keys().size()
              + " writes succeeded ("
              + summary.errorsText()
              + "); is the cluster up at "
              + String.join(",", spec.endpoints())
              + "?");
    }
    if (summary.errorCount() > 0) {
      note("preload: " + summary.errorCount() + " writes failed (" + summary.errorsText() + ")");
    }
    return summary;
  }

  private Summary measure(RequestSource source, MeasureWindow window) throws InterruptedException {
    LoadGenerator generator =
        new LoadGenerator(source, spec.concurrency(), spec.total(), spec.seed()).observedBy(window);
    return Summary.of(runShowing("measure", generator, spec.warmup()));
  }

  private Measurement runShowing(String label, LoadGenerator generator, Duration warmup)
      throws InterruptedException {
    Duration drain = spec.timeout().plus(DRAIN_SLACK);
    if (!progress) {
      return generator.run(warmup, spec.duration(), drain);
    }
    try (ProgressBar bar = ProgressBar.start(err, label, generator::progress)) {
      return generator.run(warmup, spec.duration(), drain);
    }
  }

  private void note(String line) {
    err.println(line);
    err.flush();
  }
}
