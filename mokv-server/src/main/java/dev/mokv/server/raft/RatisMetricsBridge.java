package dev.mokv.server.raft;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.Meter;
import com.codahale.metrics.Metric;
import com.codahale.metrics.Sampling;
import com.codahale.metrics.Snapshot;
import com.codahale.metrics.Timer;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.PrometheusNaming;
import io.prometheus.metrics.model.snapshots.Quantile;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot.SummaryDataPointSnapshot;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.ratis.metrics.MetricRegistries;
import org.apache.ratis.metrics.MetricRegistryInfo;
import org.apache.ratis.metrics.RatisMetricRegistry;
import org.apache.ratis.metrics.dropwizard3.Dm3RatisMetricRegistryImpl;
import org.apache.ratis.protocol.RaftGroupMemberId;

/**
 * Ratis's own metrics, read from its Dropwizard registries on every scrape and exposed as {@code
 * ratis_<component>_<metric>}; per-follower metrics get a {@code peer} label.
 *
 * <p>Pull, not push: Ratis creates and drops registries as divisions start and leadership moves
 * (the log appender registries exist only on a leader), so they are looked up anew each time.
 * {@link MetricRegistries#global()} is JVM-wide and holds the registries of every Ratis server in
 * the process (several nodes share one JVM in tests); only those named after this node's member id
 * ({@code n1@group-…}) or peer id are read.
 *
 * <p>Mapping: Dropwizard counters and meters become counters, numeric gauges gauges, timers
 * summaries in seconds (p50, p95, p99; the sum is mean × count, as Dropwizard keeps no exact sum)
 * and histograms summaries. Names are Ratis's, snake-cased; a gauge loses a {@code _count} suffix.
 */
final class RatisMetricsBridge implements MultiCollector {

  /** Per-follower metrics of the leader's log appender: {@code follower_<peer>_match_index}. */
  private static final Pattern FOLLOWER_METRIC =
      Pattern.compile("follower_(.+)_(next_index|match_index|rpc_response_time)");

  /** Per-follower metrics of the leader's server registry: {@code <peer>_peerCommitIndex}. */
  private static final Pattern PEER_METRIC =
      Pattern.compile("(.+)_(lastHeartbeatElapsedTime|peerCommitIndex)");

  private static final double NANOS_PER_SECOND = 1e9;

  private final String memberId;
  private final String peerId;

  RatisMetricsBridge(RaftGroupMemberId member) {
    this.memberId = member.toString();
    this.peerId = member.getPeerId().toString();
  }

  /** The metrics of this node's registries of {@code component}, by name within the registry. */
  Map<String, Metric> metrics(String component) {
    Map<String, Metric> found = new LinkedHashMap<>();
    for (Dm3RatisMetricRegistryImpl registry : ownRegistries()) {
      MetricRegistryInfo info = registry.getMetricRegistryInfo();
      if (info.getMetricsComponentName().equals(component)) {
        registry
            .getDropWizardMetricRegistry()
            .getMetrics()
            .forEach((key, metric) -> found.putIfAbsent(shortName(key, info), metric));
      }
    }
    return found;
  }

  /** The metric named {@code name} in this node's {@code component} registry, if it exists. */
  Optional<Metric> find(String component, String name) {
    return Optional.ofNullable(metrics(component).get(name));
  }

  /**
   * Replies a follower has sent this node as its leader, by kind: {@code
   * <peer>_success_reply_count} (appends and heartbeats) and {@code
   * <peer>_inconsistency_reply_count} of the leader's log appender registry.
   *
   * @param successes successful replies, a running count
   * @param inconsistencies "inconsistent" replies, a running count
   */
  record FollowerReplies(long successes, long inconsistencies) {}

  private static final Pattern REPLY_COUNT =
      Pattern.compile("(.+)_(success|inconsistency)_reply_count(_.+)?");

  /** The replies each follower has sent this node while it leads, by follower name. */
  Map<String, FollowerReplies> followerReplies() {
    Map<String, long[]> counts = new TreeMap<>();
    metrics("log_appender")
        .forEach(
            (name, metric) -> {
              Matcher m = REPLY_COUNT.matcher(name);
              if (m.matches() && metric instanceof Counter counter) {
                long[] c = counts.computeIfAbsent(m.group(1), k -> new long[2]);
                c[m.group(2).equals("success") ? 0 : 1] += counter.getCount();
              }
            });
    Map<String, FollowerReplies> replies = new TreeMap<>();
    counts.forEach((peer, c) -> replies.put(peer, new FollowerReplies(c[0], c[1])));
    return replies;
  }

  /** The follower peer named by a {@code follower_<peer>_match_index} metric, if it is one. */
  static Optional<String> matchIndexPeer(String name) {
    Matcher m = FOLLOWER_METRIC.matcher(name);
    return m.matches() && m.group(2).equals("match_index")
        ? Optional.of(m.group(1))
        : Optional.empty();
  }

  @Override
  public MetricSnapshots collect() {
    Map<String, Family> families = new TreeMap<>();
    for (Dm3RatisMetricRegistryImpl registry : ownRegistries()) {
      MetricRegistryInfo info = registry.getMetricRegistryInfo();
      String base = snake(info.getApplicationName()) + "_" + snake(info.getMetricsComponentName());
      if (!base.startsWith("ratis")) {
        base = "ratis_" + base;
      }
      // Message metrics start with the server's own id (n1_ratis.grpc…): drop it, or every node
      // would export differently named metrics.
      String own =
          info.getMetricsComponentName().equals("server_message_metrics") ? peerId + "_" : null;
      for (Map.Entry<String, Metric> e :
          registry.getDropWizardMetricRegistry().getMetrics().entrySet()) {
        String name = shortName(e.getKey(), info);
        if (own != null && name.startsWith(own)) {
          name = name.substring(own.length());
        }
        add(families, base, name, e.getValue());
      }
    }
    MetricSnapshots.Builder snapshots = MetricSnapshots.builder();
    families.values().stream()
        .filter(f -> !f.points.isEmpty())
        .forEach(f -> snapshots.metricSnapshot(f.build()));
    return snapshots.build();
  }

  private List<Dm3RatisMetricRegistryImpl> ownRegistries() {
    List<Dm3RatisMetricRegistryImpl> own = new ArrayList<>();
    for (RatisMetricRegistry registry : MetricRegistries.global().getMetricRegistries()) {
      String prefix = registry.getMetricRegistryInfo().getPrefix();
      if ((memberId.equals(prefix) || peerId.equals(prefix))
          && registry instanceof Dm3RatisMetricRegistryImpl dropwizard) {
        own.add(dropwizard);
      }
    }
    return own;
  }

  /** Strips the {@code <app>.<component>.<prefix>.} Ratis puts before each metric name. */
  private static String shortName(String key, MetricRegistryInfo info) {
    String marker = info.getPrefix() + ".";
    int at = key.indexOf(marker);
    return at >= 0 ? key.substring(at + marker.length()) : key;
  }

  private static void add(
      Map<String, Family> families, String base, String fullName, Metric metric) {
    Labels labels = Labels.EMPTY;
    String name = fullName;
    Matcher follower = FOLLOWER_METRIC.matcher(fullName);
    Matcher peer = PEER_METRIC.matcher(fullName);
    if (follower.matches()) {
      labels = Labels.of("peer", follower.group(1));
      name = "follower_" + follower.group(2);
    } else if (peer.matches()) {
      labels = Labels.of("peer", peer.group(1));
      name = peer.group(2);
    }
    String family = base + "_" + snake(name);
    if (metric instanceof Counter counter) {
      family(families, family, Kind.COUNTER, name).counter(labels, counter.getCount());
    } else if (metric instanceof Meter meter) {
      family(families, family, Kind.COUNTER, name).counter(labels, meter.getCount());
    } else if (metric instanceof Timer timer) {
      family(families, family + "_seconds", Kind.SUMMARY, name)
          .summary(labels, timer.getCount(), timer, NANOS_PER_SECOND);
    } else if (metric instanceof Histogram histogram) {
      family(families, family, Kind.SUMMARY, name)
          .summary(labels, histogram.getCount(), histogram, 1);
    } else if (metric instanceof Gauge<?> gauge) {
      Optional<Double> value = gaugeValue(gauge);
      if (value.isPresent()) {
        // A gauge named …_count reads as a summary's count to Prometheus tools; drop the suffix.
        String gaugeFamily =
            family.endsWith("_count") ? family.substring(0, family.length() - 6) : family;
        family(families, gaugeFamily, Kind.GAUGE, name).gauge(labels, value.get());
      }
    }
  }

  private static Family family(Map<String, Family> families, String name, Kind kind, String raw) {
    String sanitized = PrometheusNaming.sanitizeMetricName(name);
    Family family = families.computeIfAbsent(sanitized, n -> new Family(n, kind, raw));
    // Two Ratis metrics of different kinds that snake-case alike: keep the first, drop the other.
    return family.kind == kind ? family : new Family(sanitized, kind, raw);
  }

  private static Optional<Double> gaugeValue(Gauge<?> gauge) {
    try {
      Object value = gauge.getValue();
      if (value instanceof Number number) {
        return Optional.of(number.doubleValue());
      }
      if (value instanceof Boolean bool) {
        return Optional.of(bool ? 1.0 : 0.0);
      }
    } catch (RuntimeException e) {
      // A gauge of a division that is closing; skip it this scrape.
    }
    return Optional.empty();
  }

  /** {@code appendEntryLatency} and {@code log_appender} both become {@code …_entry_latency}. */
  static String snake(String name) {
    return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }

  /** Converts a Dropwizard timer's or histogram's samples, divided by {@code scale}. */
  static SummaryDataPointSnapshot summary(
      Labels labels, long count, Sampling sampling, double scale) {
    Snapshot s = sampling.getSnapshot();
    return SummaryDataPointSnapshot.builder()
        .labels(labels)
        .count(count)
        .sum(s.getMean() * count / scale)
        .quantiles(
            Quantiles.of(
                new Quantile(0.5, s.getMedian() / scale),
                new Quantile(0.95, s.get95thPercentile() / scale),
                new Quantile(0.99, s.get99thPercentile() / scale)))
        .build();
  }

  private enum Kind {
    COUNTER,
    GAUGE,
    SUMMARY
  }

  /** The data points of one family, one per label set. */
  private static final class Family {
    private final String name;
    private final Kind kind;
    private final String help;
    private final Set<Labels> seen = new HashSet<>();
    private final List<Object> points = new ArrayList<>();

    Family(String name, Kind kind, String raw) {
      this.name = name;
      this.kind = kind;
      this.help = "Ratis metric " + raw + ".";
    }

    void counter(Labels labels, long value) {
      if (value >= 0 && seen.add(labels)) {
        points.add(CounterDataPointSnapshot.builder().labels(labels).value(value).build());
      }
    }

    void gauge(Labels labels, double value) {
      if (seen.add(labels)) {
        points.add(GaugeDataPointSnapshot.builder().labels(labels).value(value).build());
      }
    }

    void summary(Labels labels, long count, Sampling sampling, double scale) {
      if (seen.add(labels)) {
        points.add(RatisMetricsBridge.summary(labels, count, sampling, scale));
      }
    }

    MetricSnapshot build() {
      switch (kind) {
        case COUNTER:
          CounterSnapshot.Builder counter = CounterSnapshot.builder().name(name).help(help);
          points.forEach(p -> counter.dataPoint((CounterDataPointSnapshot) p));
          return counter.build();
        case GAUGE:
          GaugeSnapshot.Builder gauge = GaugeSnapshot.builder().name(name).help(help);
          points.forEach(p -> gauge.dataPoint((GaugeDataPointSnapshot) p));
          return gauge.build();
        default:
          SummarySnapshot.Builder summary = SummarySnapshot.builder().name(name).help(help);
          points.forEach(p -> summary.dataPoint((SummaryDataPointSnapshot) p));
          return summary.build();
      }
    }
  }
}
