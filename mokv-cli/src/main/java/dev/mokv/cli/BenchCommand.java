package dev.mokv.cli;

import dev.mokv.cli.bench.BenchException;
import dev.mokv.cli.bench.BenchRun;
import dev.mokv.cli.bench.BenchSpec;
import dev.mokv.cli.bench.KeySpace;
import dev.mokv.cli.bench.Report;
import dev.mokv.cli.bench.Summary;
import dev.mokv.cli.bench.Target;
import dev.mokv.cli.bench.Workload;
import dev.mokv.client.ClientOptions;
import dev.mokv.client.ReadConsistency;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mokv bench WORKLOAD}: a closed-loop load generator in the manner of etcd's {@code
 * benchmark}. Prints throughput, latency percentiles and errors by status code.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Measure the cluster: a closed loop of async requests, --concurrency of them in flight.",
      "put: sets of keys drawn uniformly from --keys; get: gets of those keys after writing each"
          + " once (the preload); mixed: gets with probability --read-ratio, else sets; ping:"
          + " grpc.health.v1.Health/Check round-robin over --endpoints, the same run's ceiling.",
      "put, get and mixed go through the mokv client: writes to the leader, reads to the"
          + " followers. With --target etcd they go to etcd's v3 gRPC API instead: KV.Put to the"
          + " leader, KV.Range (serializable for STALE) round-robin over --endpoints.",
      "Progress goes to stderr; the figures to stdout. Failed requests are counted by status"
          + " code; a run in which every request failed exits 1."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the run completed and some requests succeeded",
      "1:every request failed, the preload failed, or the cluster was not ready in time",
      "2:the command line was wrong"
    })
final class BenchCommand implements Callable<Integer> {

  enum Output {
    text,
    json
  }

  /** grpc logs failed connections through java.util.logging; the run counts them itself. */
  private static final Logger GRPC_LOG = Logger.getLogger("io.grpc");

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "WORKLOAD", description = "put, get, mixed or ping.")
  Workload workload;

  @Option(
      names = "--endpoints",
      paramLabel = "HOST:PORT,...",
      defaultValue = "127.0.0.1:8400",
      description = "Client addresses of the nodes (default: ${DEFAULT-VALUE}).")
  String endpoints;

  @Option(
      names = "--connections",
      paramLabel = "N",
      defaultValue = "1",
      description = "Client instances; ping: channels per endpoint (default: ${DEFAULT-VALUE}).")
  int connections;

  @Option(
      names = "--concurrency",
      paramLabel = "N",
      defaultValue = "16",
      description = "Requests in flight (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(
      names = "--total",
      paramLabel = "N",
      description = "Measure this many requests, instead of a duration.")
  Long total;

  @Option(
      names = "--duration",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "Measure for this long (default: 10s unless --total).")
  Duration duration;

  @Option(
      names = "--warmup",
      paramLabel = "DURATION",
      defaultValue = "5s",
      converter = WarmupConverter.class,
      description = "Load before measuring, not measured; 0 for none (default: ${DEFAULT-VALUE}).")
  Duration warmup;

  @Option(
      names = "--keys",
      paramLabel = "N",
      defaultValue = "10000",
      description = "Key space size (default: ${DEFAULT-VALUE}).")
  long keys;

  @Option(
      names = "--key-size",
      paramLabel = "BYTES",
      defaultValue = "8",
      description = "Key length: 'k' and the zero-padded index (default: ${DEFAULT-VALUE}).")
  int keySize;

  @Option(
      names = "--value-size",
      paramLabel = "BYTES",
      defaultValue = "256",
      description = "Value length (default: ${DEFAULT-VALUE}).")
  int valueSize;

  @Option(
      names = "--sequential-keys",
      description = "Take keys in order instead of uniformly; put --total N --keys N writes all.")
  boolean sequentialKeys;

  @Option(
      names = "--consistency",
      paramLabel = "LEVEL",
      defaultValue = "LINEARIZABLE",
      description = "Of the reads: LINEARIZABLE or STALE (default: ${DEFAULT-VALUE}).")
  ReadConsistency consistency;

  @Option(
      names = "--read-ratio",
      paramLabel = "FRACTION",
      defaultValue = "0.5",
      description = "mixed: the fraction of gets, 0 to 1 (default: ${DEFAULT-VALUE}).")
  double readRatio;

  @Option(
      names = "--preload",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "get, mixed: write every key once first (default: on); --no-preload when it is"
              + " loaded already.")
  boolean preload;

  @Option(
      names = "--seed",
      paramLabel = "N",
      description = "Seed of the key draws and values (default: random; printed).")
  Long seed;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "5s",
      converter = DurationConverter.class,
      description = "Deadline of each request, retries included (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(
      names = "--wait-for-voters",
      paramLabel = "N",
      defaultValue = "0",
      description =
          "First wait until every endpoint is SERVING and sees N live voters and a leader"
              + " (etcd: until N endpoints answer Maintenance.Status naming one leader).")
  int waitForVoters;

  @Option(
      names = "--wait-timeout",
      paramLabel = "DURATION",
      defaultValue = "60s",
      converter = DurationConverter.class,
      description = "How long --wait-for-voters waits (default: ${DEFAULT-VALUE}).")
  Duration waitTimeout;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text or json: one JSON object (default: ${DEFAULT-VALUE}).")
  Output output;

  @Option(names = "--no-progress", description = "No progress bar on stderr.")
  boolean noProgress;

  @Option(
      names = "--target",
      paramLabel = "SYSTEM",
      defaultValue = "mokv",
      description =
          "mokv, or etcd: the same load against etcd's v3 gRPC API at --endpoints (default:"
              + " ${DEFAULT-VALUE}).")
  Target target;

  @Option(
      names = "--server-pids",
      paramLabel = "PID,...",
      split = ",",
      description =
          "Server processes on this machine: report their CPU time (/proc/PID/stat) over the"
              + " measured window, and per 1,000 operations.")
  List<Long> serverPids = List.of();

  @Option(
      names = "--raft-metrics",
      paramLabel = "URL,...",
      split = ",",
      description =
          "mokv: the nodes' /metrics URLs; report write commands per Raft log entry on the"
              + " leader over the measured window.")
  List<String> raftMetrics = List.of();

  @Override
  public Integer call() throws InterruptedException {
    BenchSpec run = toSpec();
    GRPC_LOG.setLevel(Level.OFF);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    err.printf("mokv bench %s: seed %d%n", workload.label(), run.seed());
    err.flush();
    BenchRun.Result result;
    try {
      result = new BenchRun(run, err, !noProgress).run();
    } catch (BenchException e) {
      return fail(e.getMessage());
    }
    if (output == Output.json) {
      Report.json(out, run, result);
    } else {
      Report.text(out, run, result);
    }
    out.flush();
    Summary s = result.summary();
    if (s.ops() == 0) {
      return fail(
          s.errorCount() == 0
              ? "no request completed"
              : "every request failed ("
                  + s.errorsText()
                  + "); is the cluster up at "
                  + endpoints
                  + "?");
    }
    return ExitCodes.OK;
  }

  /** The options as a validated spec; a {@link ParameterException} (exit 2) names a bad one. */
  BenchSpec toSpec() {
    if (total != null && duration != null) {
      throw usage("--total and --duration exclude each other");
    }
    if (total != null && total < 1) {
      throw usage("--total must be at least 1, was " + total);
    }
    List<String> endpointList;
    try {
      endpointList = ClientOptions.builder().endpoints(endpoints).build().endpoints();
    } catch (IllegalArgumentException e) {
      throw usage("--endpoints: " + e.getMessage());
    }
    try {
      return new BenchSpec(
          workload,
          endpointList,
          connections,
          concurrency,
          total == null ? 0 : total,
          duration == null ? Duration.ofSeconds(10) : duration,
          warmup,
          new KeySpace(keys, keySize, sequentialKeys),
          valueSize,
          consistency,
          readRatio,
          seed == null ? System.nanoTime() : seed,
          preload,
          timeout,
          waitForVoters,
          waitTimeout,
          target,
          pids(),
          metricsUrls());
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
  }

  private List<Long> pids() {
    for (long pid : serverPids) {
      if (pid < 1) {
        throw usage("--server-pids: " + pid + " is not a process id");
      }
    }
    return serverPids;
  }

  private List<URI> metricsUrls() {
    List<URI> urls = new ArrayList<>();
    for (String url : raftMetrics) {
      URI uri = null;
      try {
        uri = new URI(url);
      } catch (URISyntaxException e) {
        // Reported below, as any other URL that is not http://host...
      }
      if (uri == null
          || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          || uri.getHost() == null) {
        throw usage("--raft-metrics: '" + url + "' is not an http URL with a host");
      }
      urls.add(uri);
    }
    return urls;
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  private int fail(String message) {
    PrintWriter err = spec.commandLine().getErr();
    err.println("mokv bench: " + message);
    err.flush();
    return ExitCodes.FAILED;
  }
}
