package dev.mokv.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mokv bench --raft-metrics}: write commands per Raft log entry from the leader's metrics
 * over the measured window; and {@code mokv bench-compare-table} over the JSON of two runs.
 */
@Timeout(60)
class BenchServerCostTest {

  private FakeBenchServer server;
  private HttpServer metrics;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  /** Scrapes served per path; each scrape of the leader advances its revision and index. */
  private final Map<String, AtomicInteger> scrapes =
      Map.of("/leader", new AtomicInteger(), "/follower", new AtomicInteger());

  @BeforeEach
  void start() throws Exception {
    server = new FakeBenchServer();
    metrics = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    for (String path : scrapes.keySet()) {
      metrics.createContext(
          path,
          exchange -> {
            int n = scrapes.get(path).incrementAndGet();
            boolean leader = path.equals("/leader");
            // The leader applies 100 commands in 4 entries between scrapes; the follower's figures
            // differ, so that a result of 25 shows which node was read.
            String body =
                "mokv_raft_is_leader "
                    + (leader ? "1.0" : "0.0")
                    + "\nmokv_store_revision "
                    + (leader ? 100 * n : 7 * n)
                    + ".0\nmokv_raft_applied_index "
                    + (leader ? 4 * n : n)
                    + ".0\n";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
          });
    }
    metrics.start();
  }

  @AfterEach
  void stop() throws Exception {
    metrics.stop(0);
    server.close();
  }

  private String url(String path) {
    return "http://127.0.0.1:" + metrics.getAddress().getPort() + path;
  }

  private int run(String... args) {
    return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  private int bench(String... args) {
    List<String> all = new ArrayList<>(List.of("bench"));
    all.addAll(List.of(args));
    all.addAll(List.of("--endpoints", server.endpoint(), "--seed", "7"));
    return run(all.toArray(String[]::new));
  }

  @Test
  void when_raftMetricsAreGiven_then_commandsPerEntryIsTheLeadersRevisionOverIndexDelta() {
    int code =
        bench(
            "put",
            "--total",
            "50",
            "--warmup",
            "0",
            "--raft-metrics",
            url("/follower") + "," + url("/leader"),
            "-o",
            "json");

    assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
    // Scraped once to check the URLs, then at the opening and the closing of the window.
    assertThat(scrapes.get("/leader")).hasValue(3);
    assertThat(MiniJson.object(out.toString()))
        .containsEntry("target", "mokv")
        .containsEntry("raft_commands", 100.0)
        .containsEntry("raft_entries", 4.0)
        .containsEntry("raft_commands_per_entry", 25.0)
        .containsEntry("server_processes", 0.0)
        .containsEntry("server_cpu_s", null)
        .containsEntry("server_problems", List.of());
  }

  @Test
  void when_noNodeLeads_then_commandsPerEntryIsMissingWithAReason() {
    int code =
        bench(
            "put",
            "--total",
            "20",
            "--warmup",
            "0",
            "--raft-metrics",
            url("/follower"),
            "--no-progress");

    assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
    assertThat(out.toString())
        .doesNotContain("raft         ")
        .contains("note         no node led at both the start and the end of the window");
  }

  @Test
  void when_aMetricsUrlDoesNotAnswer_then_exit1NamesItBeforeAnyLoad() {
    int code = bench("put", "--total", "20", "--raft-metrics", url("/nothing-here"));

    assertThat(code).isEqualTo(ExitCodes.FAILED);
    assertThat(err.toString())
        .contains("--raft-metrics: " + url("/nothing-here") + " answered HTTP 404");
    assertThat(server.sets()).isZero();
  }

  @Test
  void when_aMetricsUrlIsNotHttp_then_theCommandLineIsRefused() {
    int code = bench("put", "--raft-metrics", "127.0.0.1:18403");

    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("is not an http URL with a host");
  }

  @Test
  void when_bothSystemsRanACell_then_theCompareTableShowsTheirRatio(@TempDir Path dir)
      throws Exception {
    assertThat(bench("put", "--total", "200", "--warmup", "0", "-o", "json")).isEqualTo(0);
    Files.writeString(dir.resolve("mokv-put-c16.json"), out.toString());
    Map<String, Object> mokv = MiniJson.object(out.toString());
    // The etcd side of the cell: a run whose throughput is exactly half of mökv's.
    double etcdOps = (Double) mokv.get("ops_per_sec") / 2;
    Files.writeString(
        dir.resolve("etcd-put-c16.json"),
        out.toString()
            .replace("\"target\":\"mokv\"", "\"target\":\"etcd\"")
            .replaceFirst(
                "\"ops_per_sec\":[0-9.]+",
                "\"ops_per_sec\":" + String.format(java.util.Locale.ROOT, "%.3f", etcdOps)));
    out.getBuffer().setLength(0);

    int code =
        run(
            "bench-compare-table",
            dir.toString(),
            "put-c16",
            "get-stale-c256",
            "--json",
            dir.resolve("rows.json").toString());

    assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
    String[] lines = out.toString().split("\n");
    assertThat(lines).hasSize(4);
    assertThat(lines[2]).startsWith("put").contains(" 2.00 |");
    assertThat(lines[3]).startsWith("get-stale-c256");
    assertThat(err.toString()).contains("mokv-get-stale-c256.json is missing");
    assertThat(Files.readString(dir.resolve("rows.json"))).contains("\"ops_ratio\":2.000");
  }

  @Test
  void when_noCellHasFigures_then_theTableCommandFails(@TempDir Path dir) {
    int code = run("bench-compare-table", dir.toString(), "put-c1");

    assertThat(code).isEqualTo(ExitCodes.FAILED);
    assertThat(err.toString()).contains("no cell in " + dir + " has figures");
  }
}
