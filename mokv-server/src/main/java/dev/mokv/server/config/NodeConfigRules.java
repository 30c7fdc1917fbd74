package dev.mokv.server.config;

import static dev.mokv.server.config.ConfigValues.GIB;
import static dev.mokv.server.config.ConfigValues.KIB;
import static dev.mokv.server.config.ConfigValues.MIB;
import static dev.mokv.server.config.ConfigValues.formatDuration;
import static dev.mokv.server.config.ConfigValues.formatSize;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The constraints on a {@link NodeConfig}, kept apart from it so that the record stays a list of
 * documented fields. Each problem names the key (the YAML name, which is what an operator edits)
 * and the bad value.
 */
final class NodeConfigRules {

  static final Set<String> LOG_LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");
  static final Set<String> LOG_FORMATS = Set.of("text", "json");
  static final long MAX_VALUE_BYTES_LIMIT = 64 * MIB;
  static final long MIN_LOG_SEGMENT_SIZE = 4 * KIB;
  static final long MAX_LOG_SEGMENT_SIZE = GIB;
  static final Duration MIN_ELECTION_TIMEOUT = Duration.ofMillis(100);
  static final Duration MAX_ELECTION_TIMEOUT = Duration.ofSeconds(60);
  static final Duration MIN_REQUEST_TIMEOUT = Duration.ofMillis(10);
  static final Duration MAX_REQUEST_TIMEOUT = Duration.ofMinutes(10);

  /** Wildcard addresses bind every interface but cannot be advertised to other nodes. */
  private static final Set<String> WILDCARDS = Set.of("0.0.0.0", "::", "0:0:0:0:0:0:0:0");

  private NodeConfigRules() {}

  /** Every violated constraint of {@code c}, in field order; empty if it is valid. */
  static List<String> problems(NodeConfig c) {
    List<String> problems = new ArrayList<>();
    if (c.dataDir().toString().isEmpty()) {
      problems.add("data-dir must not be empty");
    }
    if (!NodeConfig.NODE_NAME.matcher(c.nodeName()).matches()) {
      problems.add("node-name must match " + NodeConfig.NODE_NAME + ", was '" + c.nodeName() + "'");
    }
    if (WILDCARDS.contains(c.bindAddr().host())) {
      problems.add(
          "bind-addr must be an address other nodes can reach, not the wildcard "
              + c.bindAddr().host()
              + ", because its host is advertised");
    }
    checkPort("rpc-port", c.rpcPort(), problems);
    checkPort("raft-port", c.raftPort(), problems);
    checkPort("metrics-port", c.metricsPort(), problems);
    checkPortsDiffer(c, problems);
    checkCluster(c, problems);
    if (!LOG_LEVELS.contains(c.logLevel())) {
      problems.add(
          "log-level must be one of TRACE, DEBUG, INFO, WARN, ERROR, was '" + c.logLevel() + "'");
    }
    if (c.snapshotThreshold() < 1) {
      problems.add("snapshot-threshold must be at least 1, was " + c.snapshotThreshold());
    }
    checkSize("max-value-bytes", c.maxValueBytes(), 1, MAX_VALUE_BYTES_LIMIT, problems);
    checkSize(
        "log-segment-size",
        c.logSegmentSize(),
        MIN_LOG_SEGMENT_SIZE,
        MAX_LOG_SEGMENT_SIZE,
        problems);
    checkDuration(
        "election-timeout",
        c.electionTimeout(),
        MIN_ELECTION_TIMEOUT,
        MAX_ELECTION_TIMEOUT,
        problems);
    checkDuration(
        "request-timeout", c.requestTimeout(), MIN_REQUEST_TIMEOUT, MAX_REQUEST_TIMEOUT, problems);
    if (c.deadServerCleanup().isNegative()) {
      problems.add(
          "dead-server-cleanup must be 0 (off) or positive, was "
              + formatDuration(c.deadServerCleanup()));
    }
    checkDuration(
        "join-timeout", c.joinTimeout(), Duration.ofSeconds(1), Duration.ofHours(1), problems);
    checkDuration(
        "slow-request-threshold",
        c.slowRequestThreshold(),
        Duration.ofMillis(1),
        Duration.ofHours(1),
        problems);
    if (!LOG_FORMATS.contains(c.logFormat())) {
      problems.add("log-format must be text or json, was '" + c.logFormat() + "'");
    }
    return problems;
  }

  private static void checkPort(String key, int port, List<String> problems) {
    if (!HostPort.isValidPort(port)) {
      problems.add(key + " must be 1..65535, was " + port);
    }
  }

  /** All four ports are on the advertised host, so any two that are equal would collide. */
  private static void checkPortsDiffer(NodeConfig c, List<String> problems) {
    Map<Integer, List<String>> keysByPort = new LinkedHashMap<>();
    keysByPort.computeIfAbsent(c.rpcPort(), p -> new ArrayList<>()).add("rpc-port");
    keysByPort.computeIfAbsent(c.raftPort(), p -> new ArrayList<>()).add("raft-port");
    keysByPort.computeIfAbsent(c.metricsPort(), p -> new ArrayList<>()).add("metrics-port");
    keysByPort.computeIfAbsent(c.bindAddr().port(), p -> new ArrayList<>()).add("bind-addr port");
    keysByPort.forEach(
        (port, keys) -> {
          if (keys.size() > 1) {
            String last = keys.remove(keys.size() - 1);
            problems.add(
                String.join(", ", keys)
                    + " and "
                    + last
                    + " must be different ports, "
                    + (keys.size() == 1 ? "both are " : "all are ")
                    + port);
          }
        });
  }

  private static void checkCluster(NodeConfig c, List<String> problems) {
    if (c.forceNewCluster() && !c.bootstrap()) {
      problems.add(
          "force-new-cluster needs bootstrap: true: it lets a bootstrap node create a new cluster"
              + " although its data-dir belonged to one");
    }
    List<InitialMember> members = c.initialCluster();
    if (members.isEmpty()) {
      return;
    }
    if (c.bootstrap()) {
      problems.add(
          "bootstrap and initial-cluster cannot both be set: bootstrap starts a cluster of one,"
              + " initial-cluster a fixed cluster of all its members; choose one");
    }
    Map<String, List<InitialMember>> byName =
        members.stream()
            .collect(
                Collectors.groupingBy(
                    InitialMember::name, LinkedHashMap::new, Collectors.toList()));
    byName.forEach(
        (name, same) -> {
          if (same.size() > 1) {
            problems.add(
                "initial-cluster names must be unique, '"
                    + name
                    + "' has "
                    + same.size()
                    + " entries: "
                    + same);
          }
        });
    List<InitialMember> self = byName.get(c.nodeName());
    if (self == null) {
      problems.add(
          "initial-cluster must include this node (node-name '"
              + c.nodeName()
              + "'), was "
              + members);
    } else if (self.get(0).raftAddress().port() != c.raftPort()) {
      problems.add(
          "initial-cluster entry '"
              + self.get(0)
              + "' must have this node's raft-port "
              + c.raftPort()
              + " as its port");
    }
  }

  private static void checkSize(String key, long bytes, long min, long max, List<String> problems) {
    if (bytes < min || bytes > max) {
      problems.add(
          key
              + " must be "
              + formatSize(min)
              + ".."
              + formatSize(max)
              + ", was "
              + formatSize(bytes));
    }
  }

  private static void checkDuration(
      String key, Duration d, Duration min, Duration max, List<String> problems) {
    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      problems.add(
          key
              + " must be "
              + formatDuration(min)
              + ".."
              + formatDuration(max)
              + ", was "
              + formatDuration(d));
    }
  }
}
