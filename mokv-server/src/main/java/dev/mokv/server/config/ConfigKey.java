package dev.mokv.server.config;

import static dev.mokv.server.config.ConfigValues.formatSize;
import static dev.mokv.server.config.ConfigValues.parseBoolean;
import static dev.mokv.server.config.ConfigValues.parseDuration;
import static dev.mokv.server.config.ConfigValues.parseInt;
import static dev.mokv.server.config.ConfigValues.parseLong;
import static dev.mokv.server.config.ConfigValues.parseSize;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The keys of the config file and command line, each with how its text becomes a {@link
 * NodeConfig.Builder} setting. One table for both sources, so they accept the same values.
 *
 * <p>A value is a {@link String} (a flag or a YAML scalar) or, from YAML, a {@link List}. List keys
 * also take one comma-separated string, the command line's form.
 */
enum ConfigKey {
  DATA_DIR("data-dir", (b, v) -> b.dataDir(path(scalar(v)))),
  NODE_NAME("node-name", (b, v) -> b.nodeName(scalar(v))),
  BIND_ADDR("bind-addr", (b, v) -> b.bindAddr(HostPort.parse(scalar(v)))),
  RPC_PORT("rpc-port", (b, v) -> b.rpcPort(parseInt(scalar(v)))),
  RAFT_PORT("raft-port", (b, v) -> b.raftPort(parseInt(scalar(v)))),
  START_JOIN_ADDRS("start-join-addrs", (b, v) -> b.startJoinAddrs(list(v, HostPort::parse))),
  BOOTSTRAP("bootstrap", (b, v) -> b.bootstrap(parseBoolean(scalar(v)))),
  INITIAL_CLUSTER("initial-cluster", (b, v) -> b.initialCluster(list(v, InitialMember::parse))),
  METRICS_PORT("metrics-port", (b, v) -> b.metricsPort(parseInt(scalar(v)))),
  LOG_LEVEL("log-level", (b, v) -> b.logLevel(scalar(v))),
  SNAPSHOT_THRESHOLD("snapshot-threshold", (b, v) -> b.snapshotThreshold(parseLong(scalar(v)))),
  MAX_VALUE_BYTES("max-value-bytes", (b, v) -> b.maxValueBytes(intSize(parseSize(scalar(v))))),
  LOG_SEGMENT_SIZE("log-segment-size", (b, v) -> b.logSegmentSize(parseSize(scalar(v)))),
  ELECTION_TIMEOUT("election-timeout", (b, v) -> b.electionTimeout(parseDuration(scalar(v)))),
  REQUEST_TIMEOUT("request-timeout", (b, v) -> b.requestTimeout(parseDuration(scalar(v)))),
  DEAD_SERVER_CLEANUP(
      "dead-server-cleanup", (b, v) -> b.deadServerCleanup(parseDuration(scalar(v)))),
  LEAVE_ON_TERMINATE("leave-on-terminate", (b, v) -> b.leaveOnTerminate(parseBoolean(scalar(v)))),
  JOIN_TIMEOUT("join-timeout", (b, v) -> b.joinTimeout(parseDuration(scalar(v)))),
  SLOW_REQUEST_THRESHOLD(
      "slow-request-threshold", (b, v) -> b.slowRequestThreshold(parseDuration(scalar(v)))),
  LOG_FORMAT("log-format", (b, v) -> b.logFormat(scalar(v))),
  FORCE_NEW_CLUSTER("force-new-cluster", (b, v) -> b.forceNewCluster(parseBoolean(scalar(v))));

  /** Suggest a key only when it is this close; farther "suggestions" are noise. */
  private static final int MAX_SUGGESTION_DISTANCE = 2;

  private final String key;
  private final BiConsumer<NodeConfig.Builder, Object> setter;

  ConfigKey(String key, BiConsumer<NodeConfig.Builder, Object> setter) {
    this.key = key;
    this.setter = setter;
  }

  /** The key as written in YAML and in overrides, e.g. {@code rpc-port}. */
  String key() {
    return key;
  }

  /** The key named exactly {@code name}, if there is one. */
  static Optional<ConfigKey> of(String name) {
    return Arrays.stream(values()).filter(k -> k.key.equals(name)).findFirst();
  }

  /**
   * The key the author of {@code name} probably meant: the closest after folding case, '_' and
   * camelCase to kebab-case, if within a small edit distance.
   */
  static Optional<String> suggest(String name) {
    String folded = name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    String normal = folded.replace('_', '-').replace(' ', '-');
    return Arrays.stream(values())
        .map(k -> Map.entry(k.key, distance(normal, k.key)))
        .filter(e -> e.getValue() <= MAX_SUGGESTION_DISTANCE)
        .min(Comparator.comparingInt(Map.Entry::getValue))
        .map(Map.Entry::getKey);
  }

  /**
   * Sets this key's value on {@code builder}.
   *
   * @throws IllegalArgumentException if the value cannot be read; the message names the key and the
   *     value, e.g. {@code rpc-port must be an integer, was 'abc'}
   */
  void apply(NodeConfig.Builder builder, Object value) {
    try {
      setter.accept(builder, value);
    } catch (IllegalArgumentException e) {
      String message = e.getMessage();
      throw new IllegalArgumentException(key + (message.startsWith("[") ? "" : " ") + message, e);
    }
  }

  private static String scalar(Object value) {
    if (value instanceof String || value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    throw new IllegalArgumentException("must be a single value, was " + describe(value));
  }

  /** Reads a YAML list, or a comma-separated string; blanks between commas are skipped. */
  private static <T> List<T> list(Object value, Function<String, T> parse) {
    List<?> items;
    if (value instanceof String text) {
      items =
          Arrays.stream(text.split(",", -1)).map(String::trim).filter(s -> !s.isEmpty()).toList();
    } else if (value instanceof List<?> list) {
      items = list;
    } else {
      throw new IllegalArgumentException(
          "must be a list or a comma-separated string, was " + describe(value));
    }
    List<T> parsed = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      try {
        parsed.add(parse.apply(scalar(items.get(i))));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("[" + i + "] " + e.getMessage(), e);
      }
    }
    return parsed;
  }

  private static Path path(String text) {
    try {
      return Path.of(text);
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("must be a path, was '" + text + "': " + e.getReason(), e);
    }
  }

  /** max-value-bytes is an int; a size past that range gets the same message as the range check. */
  private static int intSize(long bytes) {
    if (bytes > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "must be 1.."
              + formatSize(NodeConfigRules.MAX_VALUE_BYTES_LIMIT)
              + ", was "
              + formatSize(bytes));
    }
    return (int) bytes;
  }

  private static String describe(Object value) {
    if (value == null) {
      return "empty";
    }
    if (value instanceof List) {
      return "a list";
    }
    if (value instanceof Map) {
      return "a mapping";
    }
    return "a " + value.getClass().getSimpleName();
  }

  /** Optimal string alignment distance: Levenshtein plus swapping two neighbours, a common typo. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
