package dev.mokv.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mokv.cli.Main;
import dev.mokv.tests.harness.NodeProcess;
import dev.mokv.tests.harness.Ports;
import dev.mokv.tests.harness.TestCluster;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code mokv} client verbs end to end against a 3-node cluster: output in both formats (JSON
 * parsed back), exit codes, and one-line errors. Runs {@link Main#run} with captured streams; one
 * test runs the real jar to time an unreachable endpoint including JVM start.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(90)
class CliIT {

  private static final Pattern KV_JSON =
      Pattern.compile(
          "\\{\"key\":\"((?:[^\"\\\\]|\\\\.)*)\",\"value\":\"((?:[^\"\\\\]|\\\\.)*)\","
              + "\"revision\":(\\d+)}");
  private static final Pattern SERVER_JSON =
      Pattern.compile(
          "\\{\"id\":\"(n\\d)\",\"rpc_addr\":\"([^\"]+)\",\"raft_addr\":\"([^\"]+)\","
              + "\"is_leader\":(true|false)}");

  private TestCluster cluster;
  private String endpoints;

  /** What one command printed and returned. */
  private record Run(int exit, String out, String err, Duration took) {
    List<String> errLines() {
      return err.lines().toList();
    }
  }

  @BeforeAll
  void startCluster(@TempDir Path root) throws Exception {
    cluster = TestCluster.start(3, root);
    cluster.awaitLeader();
    endpoints =
        cluster.names().stream()
            .map(n -> "127.0.0.1:" + cluster.config(n).rpcPort())
            .collect(Collectors.joining(","));
  }

  @AfterAll
  void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void set_thenGet_inBothFormats() {
    Run set = mokv("set", "cli/greeting", "hello world");
    assertThat(set.exit()).isZero();
    assertThat(set.out()).isEqualTo("OK\n");
    assertThat(set.err()).isEmpty();

    assertThat(mokv("get", "cli/greeting").out()).isEqualTo("hello world\n");

    Run json = mokv("get", "cli/greeting", "--output", "json");
    assertThat(json.exit()).isZero();
    Matcher m =
        Pattern.compile(
                "\\{\"key\":\"cli/greeting\",\"value\":\"hello world\","
                    + "\"value_base64\":\"aGVsbG8gd29ybGQ=\",\"revision\":(\\d+)}\n")
            .matcher(json.out());
    assertThat(m.matches()).as("get JSON: %s", json.out()).isTrue();

    Run setJson = mokv("set", "cli/greeting", "again", "-o", "json");
    Matcher rev = Pattern.compile("\\{\"ok\":true,\"revision\":(\\d+)}\n").matcher(setJson.out());
    assertThat(rev.matches()).as("set JSON: %s", setJson.out()).isTrue();
    assertThat(Long.parseLong(rev.group(1))).isGreaterThan(Long.parseLong(m.group(1)));
  }

  @Test
  void set_withoutValue_readsStandardInput() {
    Run set = mokvWithStdin("line one\nline \"two\"", "set", "cli/stdin");
    assertThat(set.exit()).isZero();
    String expected = "\"value\":\"line one\\nline \\\"two\\\"\"";
    assertThat(mokv("get", "cli/stdin", "-o", "json").out()).contains(expected);
    // A STALE read may be served by a follower that has not applied the write yet.
    await("a stale read converges")
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> mokv("get", "cli/stdin", "-o", "json", "--consistency", "STALE").out(),
            out -> out.contains(expected));
  }

  @Test
  void get_missingKey_exits1_withOneLine() {
    Run get = mokv("get", "cli/no-such-key");
    assertThat(get.exit()).isEqualTo(1);
    assertThat(get.out()).isEmpty();
    assertThat(get.errLines()).containsExactly("mokv get: key not found: cli/no-such-key");
  }

  @Test
  void delete_removesTheKey_andAMissingKeyIsNoError() {
    mokv("set", "cli/doomed", "x");
    Run delete = mokv("delete", "cli/doomed", "--output", "json");
    assertThat(delete.exit()).isZero();
    assertThat(delete.out()).matches("\\{\"ok\":true,\"revision\":\\d+}\n");
    assertThat(mokv("get", "cli/doomed").exit()).isEqualTo(1);
    assertThat(mokv("delete", "cli/doomed").out()).isEqualTo("OK\n");
  }

  @Test
  void list_printsEveryKeyInOrder_inBothFormats() {
    for (String key : List.of("cli-list/b", "cli-list/c", "cli-list/a")) {
      assertThat(mokv("set", key, "v-" + key).exit()).isZero();
    }
    Run json = mokv("list", "-o", "json");
    assertThat(json.exit()).isZero();
    assertThat(json.out()).startsWith("[").endsWith("]\n");
    List<String> keys = new ArrayList<>();
    Matcher m = KV_JSON.matcher(json.out());
    while (m.find()) {
      keys.add(m.group(1));
      if (m.group(1).startsWith("cli-list/")) {
        assertThat(m.group(2)).isEqualTo("v-" + m.group(1));
      }
    }
    assertThat(keys).as("every object parsed").hasSize(json.out().split("\\{\"key\":").length - 1);
    assertThat(keys).isSorted();
    assertThat(keys.stream().filter(k -> k.startsWith("cli-list/")))
        .containsExactly("cli-list/a", "cli-list/b", "cli-list/c");

    assertThat(mokv("list").out().lines().filter(l -> l.startsWith("cli-list/")))
        .containsExactly(
            "cli-list/a\tv-cli-list/a", "cli-list/b\tv-cli-list/b", "cli-list/c\tv-cli-list/c");
  }

  @Test
  void servers_showsEveryNodeWithOneLeader_inBothFormats() {
    String leader = cluster.awaitLeader();
    Run json = mokv("servers", "--output", "json");
    assertThat(json.exit()).isZero();
    Matcher m = SERVER_JSON.matcher(json.out());
    List<String> ids = new ArrayList<>();
    List<String> leaders = new ArrayList<>();
    while (m.find()) {
      ids.add(m.group(1));
      assertThat(m.group(2)).isEqualTo("127.0.0.1:" + cluster.config(m.group(1)).rpcPort());
      if (m.group(4).equals("true")) {
        leaders.add(m.group(1));
      }
    }
    assertThat(ids).containsExactlyInAnyOrder("n1", "n2", "n3");
    assertThat(leaders).containsExactly(leader);

    List<String> table = mokv("servers").out().lines().toList();
    assertThat(table.get(0)).startsWith("ID");
    assertThat(table)
        .hasSize(4)
        .filteredOn(l -> l.endsWith(" leader"))
        .hasSize(1)
        .allSatisfy(l -> assertThat(l).startsWith(leader));
  }

  @Test
  void unreachableEndpoint_exits1_withOneLine_withinTheTimeout() {
    String dead = "127.0.0.1:" + Ports.free();
    Run get = mokvAt(dead, "", "get", "cli/k", "--timeout", "2s");
    assertThat(get.exit()).isEqualTo(1);
    assertThat(get.errLines()).hasSize(1);
    assertThat(get.err()).startsWith("mokv get: UNAVAILABLE: ").contains(dead);
    // The 2 s timeout, plus closing the client and slack for a loaded machine.
    assertThat(get.took()).isLessThan(Duration.ofSeconds(3));
    System.out.printf(
        "CliIT: unreachable endpoint, in-process: %d ms, '%s'%n",
        get.took().toMillis(), get.err().strip());
  }

  @Test
  void unreachableEndpoint_realJar_exits1_withOneLine_withinTheTimeoutPlusJvmStart()
      throws Exception {
    String dead = "127.0.0.1:" + Ports.free();
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-XX:TieredStopAtLevel=1",
            "-jar",
            NodeProcess.jar().toString(),
            "set",
            "cli/k",
            "v",
            "--endpoints",
            dead,
            "--timeout",
            "2s");
    long start = System.nanoTime();
    Process process = new ProcessBuilder(command).start();
    assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    System.out.printf(
        "CliIT: unreachable endpoint, real jar: exit %d in %d ms, '%s'%n",
        process.exitValue(), took.toMillis(), err.strip());
    assertThat(process.exitValue()).isEqualTo(1);
    assertThat(out).isEmpty();
    assertThat(err.lines().toList()).hasSize(1);
    assertThat(err).startsWith("mokv set: UNAVAILABLE: ").contains(dead);
    assertThat(took).isLessThan(Duration.ofSeconds(5));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "get",
        "get k --output xml",
        "get k --timeout soon",
        "get k --consistency sometimes",
        "get k --endpoints nonsense",
        "set",
        "frobnicate k",
      })
  void usageError_exits2_withOneLine(String commandLine) {
    Run run = mokvAt(null, "", commandLine.split(" "));
    assertThat(run.exit()).as(commandLine).isEqualTo(2);
    assertThat(run.errLines()).as(commandLine).hasSize(1);
    assertThat(run.err()).startsWith("mokv").contains("--help");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void help_documentsTheExitCodes() {
    for (String verb : List.of("get", "set", "delete", "list", "servers")) {
      Run help = mokvAt(null, "", verb, "--help");
      assertThat(help.exit()).isZero();
      assertThat(help.out())
          .contains("Exit codes:")
          .containsPattern("0\\s+success")
          .containsPattern("1\\s+the key was not found, or the request failed")
          .containsPattern("2\\s+the command line was wrong");
    }
  }

  private Run mokv(String... args) {
    return mokvAt(endpoints, "", args);
  }

  private Run mokvWithStdin(String stdin, String... args) {
    return mokvAt(endpoints, stdin, args);
  }

  private static Run mokvAt(String endpoints, String stdin, String... args) {
    String[] all =
        endpoints == null
            ? args
            : Stream.concat(Stream.of(args), Stream.of("--endpoints", endpoints))
                .toArray(String[]::new);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    long start = System.nanoTime();
    int exit =
        Main.run(
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            all);
    return new Run(
        exit, out.toString(), err.toString(), Duration.ofNanos(System.nanoTime() - start));
  }
}
