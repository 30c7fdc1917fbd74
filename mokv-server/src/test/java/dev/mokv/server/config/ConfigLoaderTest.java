package dev.mokv.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ListAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  private static final Path EXAMPLE = Path.of("..", "example", "config.yaml");

  @TempDir Path tmp;

  /** Writes {@code lines} as config.yaml; a data-dir inside the temp dir unless one is given. */
  private Path yaml(String... lines) throws IOException {
    String text = String.join("\n", lines) + "\n";
    if (!text.contains("data-dir")) {
      text = "data-dir: " + tmp.resolve("data") + "\n" + text;
    }
    return Files.writeString(tmp.resolve("config.yaml"), text);
  }

  private static ListAssert<String> problemsOf(Runnable load) {
    try {
      load.run();
    } catch (ConfigException e) {
      return assertThat(e.problems());
    }
    throw new AssertionError("expected a ConfigException");
  }

  @Test
  void load_nothingButDataDir_givesDefaults() {
    NodeConfig c = ConfigLoader.load(null, Map.of("data-dir", tmp.toString()));

    assertThat(c).isEqualTo(NodeConfig.builder().dataDir(tmp).build());
  }

  @Test
  void load_exampleFile_hasTheGoReadmeValues() {
    NodeConfig c = ConfigLoader.load(EXAMPLE, Map.of("data-dir", tmp.toString()));

    assertThat(YamlConfigFile.read(EXAMPLE)).containsEntry("data-dir", "/tmp/mokv-data");
    assertThat(c.nodeName()).isEqualTo("node1");
    assertThat(c.bindAddr()).isEqualTo(new HostPort("127.0.0.1", 8401));
    assertThat(c.rpcPort()).isEqualTo(8400);
    assertThat(c.raftPort()).isEqualTo(8402);
    assertThat(c.startJoinAddrs()).isEmpty();
    assertThat(c.bootstrap()).isTrue();
    assertThat(c.metricsPort()).isEqualTo(4000);
    assertThat(c.logLevel()).isEqualTo("INFO");
  }

  @Test
  void exampleFile_showsEveryKeyWithItsDefault() throws IOException {
    List<String> lines = Files.readAllLines(EXAMPLE);

    for (ConfigKey key : ConfigKey.values()) {
      assertThat(lines)
          .as("example/config.yaml shows %s", key.key())
          .anyMatch(l -> l.startsWith(key.key() + ":") || l.startsWith("# " + key.key() + ":"));
    }
    assertThat(lines.stream().filter(l -> l.startsWith("# Default:")))
        .hasSize(ConfigKey.values().length);
  }

  @Test
  void load_overrides_winOverTheFile() throws IOException {
    Path file = yaml("rpc-port: 9400", "bootstrap: true", "start-join-addrs: [10.0.0.1:8401]");

    NodeConfig c =
        ConfigLoader.load(
            file,
            Map.of(
                "rpc-port", "9500",
                "bootstrap", "false",
                "start-join-addrs", "10.0.0.2:8401, 10.0.0.3:8401"));

    assertThat(c.rpcPort()).isEqualTo(9500);
    assertThat(c.bootstrap()).isFalse();
    assertThat(c.startJoinAddrs())
        .containsExactly(new HostPort("10.0.0.2", 8401), new HostPort("10.0.0.3", 8401));
  }

  @Test
  void load_emptyOverrideOfAList_clearsIt() throws IOException {
    Path file = yaml("start-join-addrs: [10.0.0.1:8401]");

    assertThat(ConfigLoader.load(file, Map.of("start-join-addrs", "")).startJoinAddrs()).isEmpty();
  }

  @Test
  void load_nullValues_keepDefaults() throws IOException {
    Path file = yaml("rpc-port: null", "log-level: ~", "election-timeout:");

    NodeConfig c = ConfigLoader.load(file, Map.of());

    assertThat(c.rpcPort()).isEqualTo(8400);
    assertThat(c.logLevel()).isEqualTo("INFO");
    assertThat(c.electionTimeout()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void load_emptyFile_isAnEmptyConfig() throws IOException {
    Path file = Files.writeString(tmp.resolve("empty.yaml"), "# nothing here\n");

    NodeConfig c = ConfigLoader.load(file, Map.of("data-dir", tmp.toString()));

    assertThat(c).isEqualTo(NodeConfig.builder().dataDir(tmp).build());
  }

  @Test
  void load_everyKey_readsEachSyntax() throws IOException {
    Path file =
        yaml(
            "node-name: n2",
            "bind-addr: 10.0.0.2:8411",
            "rpc-port: 8410",
            "raft-port: 8412",
            "start-join-addrs:",
            "  - 10.0.0.1:8401",
            "bootstrap: false",
            "initial-cluster: n1=10.0.0.1:8402,n2=10.0.0.2:8412",
            "metrics-port: 4010",
            "log-level: debug",
            "snapshot-threshold: 100",
            "max-value-bytes: 512KiB",
            "log-segment-size: 1MB",
            "election-timeout: 1.5s",
            "request-timeout: PT2S",
            "dead-server-cleanup: 1m30s",
            "leave-on-terminate: false",
            "slow-request-threshold: 250ms",
            "log-format: json");

    NodeConfig c = ConfigLoader.load(file, Map.of());

    assertThat(c.nodeName()).isEqualTo("n2");
    assertThat(c.rpcAddress()).isEqualTo(new HostPort("10.0.0.2", 8410));
    assertThat(c.raftAddress()).isEqualTo(new HostPort("10.0.0.2", 8412));
    assertThat(c.startJoinAddrs()).containsExactly(new HostPort("10.0.0.1", 8401));
    assertThat(c.initialCluster())
        .extracting(InitialMember::toString)
        .containsExactly("n1=10.0.0.1:8402", "n2=10.0.0.2:8412");
    assertThat(c.metricsPort()).isEqualTo(4010);
    assertThat(c.logLevel()).isEqualTo("DEBUG");
    assertThat(c.snapshotThreshold()).isEqualTo(100);
    assertThat(c.maxValueBytes()).isEqualTo(512 * 1024);
    assertThat(c.logSegmentSize()).isEqualTo(1024 * 1024);
    assertThat(c.electionTimeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(c.requestTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.deadServerCleanup()).isEqualTo(Duration.ofSeconds(90));
    assertThat(c.leaveOnTerminate()).isFalse();
    assertThat(c.slowRequestThreshold()).isEqualTo(Duration.ofMillis(250));
    assertThat(c.logFormat()).isEqualTo("json");
  }

  @Test
  void load_unknownKey_suggestsTheNearest() throws IOException {
    Path file = yaml("rpc_prot: 8400", "DataDir: /x", "colour: blue");

    problemsOf(() -> ConfigLoader.load(file, Map.of("metric-port", "1")))
        .containsExactly(
            "unknown key 'rpc_prot' (did you mean 'rpc-port'?)",
            "unknown key 'DataDir' (did you mean 'data-dir'?)",
            "unknown key 'colour'",
            "unknown key 'metric-port' (did you mean 'metrics-port'?)");
  }

  @Test
  void load_portZero_rejected() {
    problemsOf(() -> ConfigLoader.load(yamlUnchecked("rpc-port: 0"), Map.of()))
        .containsExactly("rpc-port must be 1..65535, was 0");
  }

  @Test
  void load_port70000_rejected() {
    problemsOf(() -> ConfigLoader.load(yamlUnchecked("raft-port: 70000"), Map.of()))
        .containsExactly("raft-port must be 1..65535, was 70000");
  }

  @Test
  void load_bindAddrPortOutOfRange_rejected() {
    problemsOf(() -> ConfigLoader.load(yamlUnchecked(), Map.of("bind-addr", "127.0.0.1:0")))
        .containsExactly("bind-addr port must be 1..65535, was 0");
  }

  @Test
  void load_nonInteger_rejected() {
    problemsOf(() -> ConfigLoader.load(yamlUnchecked("rpc-port: abc"), Map.of()))
        .containsExactly("rpc-port must be an integer, was 'abc'");
  }

  @Test
  void load_duplicatePorts_rejected() {
    problemsOf(() -> ConfigLoader.load(yamlUnchecked("rpc-port: 8402"), Map.of()))
        .containsExactly("rpc-port and raft-port must be different ports, both are 8402");
  }

  @Test
  void load_unreadableValue_hidesConflictsWithItsDefault() {
    // raft-port 8400 collides only with rpc-port's default, which the file did not mean.
    problemsOf(() -> ConfigLoader.load(yamlUnchecked("rpc-port: x", "raft-port: 8400"), Map.of()))
        .containsExactly("rpc-port must be an integer, was 'x'");
  }

  @Test
  void load_missingDataDir_isCreated() {
    Path dir = tmp.resolve("a").resolve("b");

    NodeConfig c = ConfigLoader.load(null, Map.of("data-dir", dir.toString()));

    assertThat(c.dataDir()).isEqualTo(dir);
    assertThat(dir).isDirectory();
  }

  @Test
  void load_dataDirUnderARegularFile_rejected() throws IOException {
    Path file = Files.writeString(tmp.resolve("file"), "x");
    Path dir = file.resolve("data");

    problemsOf(() -> ConfigLoader.load(null, Map.of("data-dir", dir.toString())))
        .singleElement()
        .asString()
        .startsWith("data-dir '" + dir + "' is not writable: ");
  }

  @Test
  void load_dataDirIsARegularFile_rejected() throws IOException {
    Path file = Files.writeString(tmp.resolve("file"), "x");

    problemsOf(() -> ConfigLoader.load(null, Map.of("data-dir", file.toString())))
        .containsExactly(
            "data-dir '" + file + "' is not writable: it exists and is not a directory");
  }

  @Test
  void load_badDuration_rejected() {
    problemsOf(() -> ConfigLoader.load(yamlUnchecked("election-timeout: 1000"), Map.of()))
        .containsExactly(
            "election-timeout must be a duration like 500ms, 1.5s, 2m or PT1S, was '1000'");
  }

  @Test
  void load_durationOutOfRange_rejected() {
    problemsOf(() -> ConfigLoader.load(yamlUnchecked("election-timeout: 10ms"), Map.of()))
        .containsExactly("election-timeout must be 100ms..1m, was 10ms");
  }

  @Test
  void load_badSize_rejected() {
    problemsOf(() -> ConfigLoader.load(yamlUnchecked("max-value-bytes: 1.5MiB"), Map.of()))
        .containsExactly("max-value-bytes must be a size like 4096, 512KiB or 8MiB, was '1.5MiB'");
  }

  @Test
  void load_sizePastIntRange_rejectedAsOutOfRange() {
    problemsOf(() -> ConfigLoader.load(yamlUnchecked("max-value-bytes: 3GiB"), Map.of()))
        .containsExactly("max-value-bytes must be 1..64MiB, was 3GiB");
  }

  @Test
  void load_yamlBooleanWords_notBooleans() {
    problemsOf(() -> ConfigLoader.load(yamlUnchecked("bootstrap: yes"), Map.of()))
        .containsExactly("bootstrap must be true or false, was 'yes'");
  }

  @Test
  void load_listForAScalarKey_rejected() {
    problemsOf(() -> ConfigLoader.load(yamlUnchecked("rpc-port: [1, 2]"), Map.of()))
        .containsExactly("rpc-port must be a single value, was a list");
  }

  @Test
  void load_badListEntry_namesItsIndex() {
    problemsOf(() -> ConfigLoader.load(yamlUnchecked("start-join-addrs: [h:1, h]"), Map.of()))
        .containsExactly("start-join-addrs[1] must be host:port, was 'h'");
  }

  @Test
  void load_bootstrapWithInitialCluster_rejected() {
    Path file = yamlUnchecked("node-name: n1", "bootstrap: true", "initial-cluster: [n1=h:8402]");

    problemsOf(() -> ConfigLoader.load(file, Map.of()))
        .containsExactly(
            "bootstrap and initial-cluster cannot both be set: bootstrap starts a cluster of one,"
                + " initial-cluster a fixed cluster of all its members; choose one");
  }

  @Test
  void load_initialClusterWithoutThisNode_rejected() {
    Path file = yamlUnchecked("node-name: n3", "initial-cluster: [n1=h1:8402, n2=h2:8402]");

    problemsOf(() -> ConfigLoader.load(file, Map.of()))
        .containsExactly(
            "initial-cluster must include this node (node-name 'n3'), was [n1=h1:8402,"
                + " n2=h2:8402]");
  }

  @Test
  void load_initialClusterEntryWithAnotherPort_rejected() {
    Path file = yamlUnchecked("node-name: n1", "initial-cluster: [n1=h1:9000, n2=h2:8402]");

    problemsOf(() -> ConfigLoader.load(file, Map.of()))
        .containsExactly(
            "initial-cluster entry 'n1=h1:9000' must have this node's raft-port 8402 as its port");
  }

  @Test
  void load_initialClusterDuplicateName_rejected() {
    Path file = yamlUnchecked("node-name: n1", "initial-cluster: [n1=h1:8402, n1=h2:8402]");

    problemsOf(() -> ConfigLoader.load(file, Map.of()))
        .containsExactly(
            "initial-cluster names must be unique, 'n1' has 2 entries: [n1=h1:8402, n1=h2:8402]");
  }

  @Test
  void load_duplicateYamlKey_rejectedWithLine() {
    Path file = yamlUnchecked("rpc-port: 8400", "rpc-port: 8500");

    problemsOf(() -> ConfigLoader.load(file, Map.of()))
        .singleElement()
        .asString()
        .startsWith("config file '" + file + "' line 3: ")
        .contains("duplicate key rpc-port");
  }

  @Test
  void load_yamlSyntaxError_namesFileAndLine() {
    Path file = yamlUnchecked("rpc-port: 8400", "bind-addr: [127.0.0.1:8401", "bootstrap: true");

    problemsOf(() -> ConfigLoader.load(file, Map.of()))
        .singleElement()
        .asString()
        .startsWith("config file '" + file + "' line ");
  }

  @Test
  void load_missingFile_namesIt() {
    Path file = tmp.resolve("nope.yaml");

    problemsOf(() -> ConfigLoader.load(file, Map.of()))
        .containsExactly("config file '" + file + "' does not exist");
  }

  @Test
  void load_topLevelList_rejected() throws IOException {
    Path file = Files.writeString(tmp.resolve("list.yaml"), "- rpc-port: 8400\n");

    problemsOf(() -> ConfigLoader.load(file, Map.of()))
        .containsExactly(
            "config file '"
                + file
                + "' must be a mapping of keys to values, not a single value or list");
  }

  @Test
  void load_arbitraryTypeTag_rejected() {
    Path file = yamlUnchecked("rpc-port: !!java.io.File [/etc/passwd]");

    problemsOf(() -> ConfigLoader.load(file, Map.of()))
        .singleElement()
        .asString()
        .startsWith("config file '" + file + "' line 2: ");
  }

  @Test
  void load_severalProblems_reportedTogether() throws IOException {
    Path notADir = Files.writeString(tmp.resolve("file"), "x");
    Path file =
        yaml(
            "data-dir: " + notADir,
            "rpc-prot: 1",
            "raft-port: 0",
            "metrics-port: nine",
            "request-timeout: soon",
            "bootstrap: true",
            "initial-cluster: [a=h:1]");

    problemsOf(() -> ConfigLoader.load(file, Map.of("log-level", "loud")))
        .containsExactly(
            "unknown key 'rpc-prot' (did you mean 'rpc-port'?)",
            "metrics-port must be an integer, was 'nine'",
            "request-timeout must be a duration like 500ms, 1.5s, 2m or PT1S, was 'soon'",
            "raft-port must be 1..65535, was 0",
            "bootstrap and initial-cluster cannot both be set: bootstrap starts a cluster of one,"
                + " initial-cluster a fixed cluster of all its members; choose one",
            "initial-cluster must include this node (node-name '"
                + DefaultNodeName.get()
                + "'), was [a=h:1]",
            "log-level must be one of TRACE, DEBUG, INFO, WARN, ERROR, was 'LOUD'",
            "data-dir '" + notADir + "' is not writable: it exists and is not a directory");
  }

  private Path yamlUnchecked(String... lines) {
    try {
      return yaml(lines);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
