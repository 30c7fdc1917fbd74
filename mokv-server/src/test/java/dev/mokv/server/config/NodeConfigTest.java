package dev.mokv.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeConfigTest {

  private static NodeConfig.Builder named() {
    return NodeConfig.builder().nodeName("n1");
  }

  @Test
  void builder_untouched_holdsDocumentedDefaults() {
    NodeConfig c = NodeConfig.builder().build();

    assertThat(c.dataDir()).isEqualTo(Path.of("/tmp/mokv"));
    assertThat(c.nodeName()).isEqualTo(DefaultNodeName.get());
    assertThat(c.bindAddr()).isEqualTo(new HostPort("127.0.0.1", 8401));
    assertThat(c.rpcPort()).isEqualTo(8400);
    assertThat(c.raftPort()).isEqualTo(8402);
    assertThat(c.startJoinAddrs()).isEmpty();
    assertThat(c.bootstrap()).isFalse();
    assertThat(c.initialCluster()).isEmpty();
    assertThat(c.metricsPort()).isEqualTo(4000);
    assertThat(c.logLevel()).isEqualTo("INFO");
    assertThat(c.snapshotThreshold()).isEqualTo(8192);
    assertThat(c.maxValueBytes()).isEqualTo(1_048_576);
    assertThat(c.logSegmentSize()).isEqualTo(8L * 1024 * 1024);
    assertThat(c.electionTimeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.requestTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.deadServerCleanup()).isZero();
    assertThat(c.leaveOnTerminate()).isFalse();
    assertThat(c.forceNewCluster()).isFalse();
    assertThat(c.slowRequestThreshold()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.logFormat()).isEqualTo("text");
  }

  @Test
  void defaultNodeName_isAValidNodeName() {
    assertThat(DefaultNodeName.get()).matches(NodeConfig.NODE_NAME);
  }

  @Test
  void toBuilder_unchanged_buildsAnEqualConfig() {
    NodeConfig c =
        named()
            .bindAddr(HostPort.parse("10.0.0.1:9401"))
            .startJoinAddrs(List.of(HostPort.parse("10.0.0.2:9401")))
            .initialCluster(List.of(InitialMember.parse("n1=10.0.0.1:8402")))
            .electionTimeout(Duration.ofMillis(300))
            .leaveOnTerminate(true)
            .build();

    assertThat(c.toBuilder().build()).isEqualTo(c);
    assertThat(c.toBuilder().rpcPort(9400).build().rpcPort()).isEqualTo(9400);
  }

  @Test
  void addresses_useTheBindAddrHost() {
    NodeConfig c = named().bindAddr(HostPort.parse("10.1.2.3:7000")).rpcPort(7001).build();

    assertThat(c.advertisedHost()).isEqualTo("10.1.2.3");
    assertThat(c.rpcAddress()).isEqualTo(new HostPort("10.1.2.3", 7001));
    assertThat(c.raftAddress()).isEqualTo(new HostPort("10.1.2.3", 8402));
  }

  @Test
  void lists_areCopiedAndUnmodifiable() {
    List<HostPort> seeds = new ArrayList<>(List.of(HostPort.parse("h:1")));
    NodeConfig c = named().startJoinAddrs(seeds).build();
    seeds.clear();

    assertThat(c.startJoinAddrs()).containsExactly(new HostPort("h", 1));
    assertThatThrownBy(() -> c.startJoinAddrs().add(new HostPort("x", 2)))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void logLevel_anyCase_storedUpperCase() {
    assertThat(named().logLevel("debug").build().logLevel()).isEqualTo("DEBUG");
  }

  @Test
  void logFormat_anyCase_storedLowerCase() {
    assertThat(named().logFormat("JSON").build().logFormat()).isEqualTo("json");
  }

  @Test
  void build_severalViolations_reportsAllAtOnce() {
    NodeConfig.Builder b =
        NodeConfig.builder()
            .nodeName("bad name")
            .rpcPort(0)
            .metricsPort(70000)
            .logLevel("verbose")
            .snapshotThreshold(0)
            .maxValueBytes(0)
            .logSegmentSize(1024)
            .electionTimeout(Duration.ofMillis(50))
            .requestTimeout(Duration.ofMinutes(11))
            .deadServerCleanup(Duration.ofSeconds(-1))
            .slowRequestThreshold(Duration.ZERO)
            .logFormat("xml");

    assertThatThrownBy(b::build)
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "node-name must match [A-Za-z0-9][A-Za-z0-9._-]{0,62}, was 'bad name'",
                        "rpc-port must be 1..65535, was 0",
                        "metrics-port must be 1..65535, was 70000",
                        "log-level must be one of TRACE, DEBUG, INFO, WARN, ERROR, was 'VERBOSE'",
                        "snapshot-threshold must be at least 1, was 0",
                        "max-value-bytes must be 1..64MiB, was 0",
                        "log-segment-size must be 4KiB..1GiB, was 1KiB",
                        "election-timeout must be 100ms..1m, was 50ms",
                        "request-timeout must be 10ms..10m, was 11m",
                        "dead-server-cleanup must be 0 (off) or positive, was PT-1S",
                        "slow-request-threshold must be 1ms..1h, was 0s",
                        "log-format must be text or json, was 'xml'"));
  }

  @Test
  void build_threePortsEqual_namesAllOfThem() {
    NodeConfig.Builder b = named().rpcPort(9000).raftPort(9000).metricsPort(9000);

    assertThatThrownBy(b::build)
        .hasMessage("rpc-port, raft-port and metrics-port must be different ports, all are 9000");
  }

  @Test
  void build_portEqualToGossipPort_rejected() {
    assertThatThrownBy(() -> named().metricsPort(8401).build())
        .hasMessage("metrics-port and bind-addr port must be different ports, both are 8401");
  }

  @Test
  void build_wildcardBindAddr_rejectedBecauseItIsAdvertised() {
    assertThatThrownBy(() -> named().bindAddr(HostPort.parse("0.0.0.0:8401")).build())
        .hasMessageStartingWith("bind-addr must be an address other nodes can reach");
  }

  @Test
  void build_limitsThemselves_accepted() {
    NodeConfig c =
        named()
            .maxValueBytes(64 * 1024 * 1024)
            .logSegmentSize(4096)
            .electionTimeout(Duration.ofMillis(100))
            .requestTimeout(Duration.ofMinutes(10))
            .snapshotThreshold(1)
            .build();

    assertThat(c.maxValueBytes()).isEqualTo(64 * 1024 * 1024);
  }

  @Test
  void constructor_direct_validatesToo() {
    NodeConfig valid = named().build();

    assertThatThrownBy(
            () ->
                new NodeConfig(
                    valid.dataDir(),
                    valid.nodeName(),
                    valid.bindAddr(),
                    0,
                    valid.raftPort(),
                    valid.startJoinAddrs(),
                    valid.bootstrap(),
                    valid.initialCluster(),
                    valid.metricsPort(),
                    valid.logLevel(),
                    valid.snapshotThreshold(),
                    valid.maxValueBytes(),
                    valid.logSegmentSize(),
                    valid.electionTimeout(),
                    valid.requestTimeout(),
                    valid.deadServerCleanup(),
                    valid.leaveOnTerminate(),
                    valid.joinTimeout(),
                    valid.slowRequestThreshold(),
                    valid.logFormat(),
                    valid.forceNewCluster()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("rpc-port must be 1..65535, was 0");
  }

  @Test
  void configException_message_isProblemsOnePerLine() {
    ConfigException e = new ConfigException(List.of("a is bad", "b is bad"));

    assertThat(e.getMessage()).isEqualTo("a is bad\nb is bad");
    assertThat(e.problems()).containsExactly("a is bad", "b is bad");
  }
}
