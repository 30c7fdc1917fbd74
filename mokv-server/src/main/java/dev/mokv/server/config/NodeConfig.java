package dev.mokv.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Everything one mökv node needs to start, as one immutable, validated value.
 *
 * <p>Build it with {@link #builder()}, or read it from YAML and command-line flags with {@link
 * ConfigLoader}. Every instance is valid: the constructor checks each constraint below and throws
 * {@link ConfigException} listing every violation. The YAML key of each field, in parentheses, is
 * the Go mökv's name; {@code example/config.yaml} shows them all.
 *
 * @param dataDir ({@code data-dir}) where the node keeps its Raft log, Raft metadata and snapshots;
 *     the in-memory map is rebuilt from them at start. Default {@code /tmp/mokv}, so that a try-out
 *     needs no setup; point it at a persistent disk in production, because /tmp is often wiped at
 *     boot and a node without its directory comes back as a new, empty member.
 * @param nodeName ({@code node-name}) this node's unique id in gossip, also its Raft peer id, so it
 *     must stay the same across restarts. Matches {@code [A-Za-z0-9][A-Za-z0-9._-]{0,62}} because
 *     it ends up in file names and metric labels. Default: the host name (its first label if the
 *     whole name does not fit, {@code node1} if there is none), unique when nodes run one per host.
 * @param bindAddr ({@code bind-addr}) the gossip (SWIM) address: this node listens on it and other
 *     members reach it there. Its host is also the advertised host of the other ports, so it must
 *     be a concrete address, not a wildcard such as 0.0.0.0. Default {@code 127.0.0.1:8401}, as in
 *     the Go mökv's README: a fresh node is not exposed to the network until someone chooses an
 *     address.
 * @param rpcPort ({@code rpc-port}) the port of the client gRPC API. Default 8400, as in the Go
 *     mökv's README, so its clients and scripts keep working.
 * @param raftPort ({@code raft-port}) the port of Raft traffic between peers (the Go mökv
 *     multiplexed it on the RPC port). Default 8402, so a node's ports form one block, 8400..8402.
 * @param startJoinAddrs ({@code start-join-addrs}) gossip addresses of existing members to join at
 *     start; one live member is enough, list several so that a join survives one being down.
 *     Default empty: the first node of a cluster has no one to join.
 * @param bootstrap ({@code bootstrap}) whether this node starts a new cluster of one, itself as the
 *     only voter, which others then join. Default false, because two bootstrapped nodes make two
 *     separate clusters: it must be a deliberate choice on exactly one node.
 * @param initialCluster ({@code initial-cluster}) the members of a fixed cluster that start
 *     together, as etcd's {@code --initial-cluster}: every member lists the same {@code
 *     name=host:raftport} entries, this node included, and they elect a leader once a majority is
 *     up. Default empty: nodes bootstrap and join through gossip, as in the Go mökv. Excludes
 *     {@code bootstrap}.
 * @param metricsPort ({@code metrics-port}) the HTTP port of the Prometheus {@code /metrics}
 *     endpoint. Default 4000, as in the Go mökv's README.
 * @param logLevel ({@code log-level}) the least severe log level written: TRACE, DEBUG, INFO, WARN
 *     or ERROR (any case, kept in upper case). Default INFO, which logs elections and membership
 *     changes and, in steady state, at most a line every few seconds (etcd's convention).
 * @param snapshotThreshold ({@code snapshot-threshold}) the number of applied log entries between
 *     two snapshots, at least 1; a snapshot lets the log before it be deleted. Default 8192, the Go
 *     mökv's: fewer means more snapshot work, more means a longer log to replay at restart.
 * @param maxValueBytes ({@code max-value-bytes}) the largest value a write may carry, 1 byte to 64
 *     MiB; larger writes are rejected with INVALID_ARGUMENT. Default 1 MiB: every value travels
 *     whole in one Raft entry, so a large one delays every write replicated behind it; etcd's
 *     request limit is 1.5 MiB for the same reason. The cap is 64 MiB because the whole map lives
 *     in memory.
 * @param logSegmentSize ({@code log-segment-size}) the size in bytes at which a Raft log segment
 *     file is closed and a new one started, 4 KiB to 1 GiB. Only closed segments can be deleted
 *     after a snapshot, so up to one segment stays on disk beyond the snapshot. Default 8 MiB:
 *     about one snapshot interval of 1 KiB writes, without rolling files often.
 * @param electionTimeout ({@code election-timeout}) how long a follower waits without hearing from
 *     a leader before it starts an election: a random time between this and twice this. 100 ms to
 *     60 s. Default 1 s, the default of etcd and of hashicorp/raft (the Go mökv's Raft library): it
 *     rides out GC pauses and a busy machine, at the price of one to two seconds without a leader
 *     after a leader crashes.
 * @param requestTimeout ({@code request-timeout}) the deadline of a client request that set none,
 *     10 ms to 10 min. Default 5 s, etcdctl's command timeout: long enough to outlast one election
 *     (at most twice the election timeout) and still fail a stuck request while someone waits.
 * @param deadServerCleanup ({@code dead-server-cleanup}) when positive, a member that gossip has
 *     reported failed for this long is removed from the Raft voters. Default 0, off: under a
 *     network partition a live member looks failed, and removing it silently lowers the number of
 *     failures the cluster survives; an operator removes a crashed node instead.
 * @param leaveOnTerminate ({@code leave-on-terminate}) whether SIGTERM or SIGINT makes the node
 *     leave the cluster (be removed from the voters) before it stops, as Consul's {@code
 *     leave_on_terminate}. Default false, as Consul servers and etcd members: stopping is not
 *     leaving, a stopped node stays a voter and comes back with its data, so a whole cluster can be
 *     stopped and started again. Scale-down is explicit ({@code Cluster.Leave}, {@code mokv
 *     leave}); true makes every SIGTERM a scale-down.
 * @param joinTimeout ({@code join-timeout}) how long a new node keeps trying to reach a member
 *     through {@code start-join-addrs} before it gives up and exits, 1 s to 1 h. Default 60 s:
 *     enough for the other nodes of a cluster started together to come up, short enough that a
 *     wrong address is reported while someone is watching.
 * @param slowRequestThreshold ({@code slow-request-threshold}) a client request that takes longer
 *     than this is logged at WARN (every request is logged at DEBUG), 1 ms to 1 h. Default 1 s:
 *     twenty times a healthy write on a slow disk and far above a read, so a WARN means something
 *     stalled (an election, a slow fsync, a long GC), not ordinary load.
 * @param logFormat ({@code log-format}) {@code text} (one human-readable line per event) or {@code
 *     json} (one JSON object per line, for log shippers). Default text, for people reading a
 *     terminal; the node name is in every line either way.
 * @param forceNewCluster ({@code force-new-cluster}) lets a {@code bootstrap} node create a new,
 *     empty cluster although its data-dir records that it belonged to one (its Raft data moved
 *     aside after a leave, or deleted), as etcd's {@code --force-new-cluster} is a deliberate
 *     override. Default false: such a node rejoins through {@code start-join-addrs} or refuses to
 *     start, so a cluster is bootstrapped exactly once. Raft data still in the data-dir always
 *     wins: it is recovered, never discarded. Requires {@code bootstrap}.
 */
public record NodeConfig(
    Path dataDir,
    String nodeName,
    HostPort bindAddr,
    int rpcPort,
    int raftPort,
    List<HostPort> startJoinAddrs,
    boolean bootstrap,
    List<InitialMember> initialCluster,
    int metricsPort,
    String logLevel,
    long snapshotThreshold,
    int maxValueBytes,
    long logSegmentSize,
    Duration electionTimeout,
    Duration requestTimeout,
    Duration deadServerCleanup,
    boolean leaveOnTerminate,
    Duration joinTimeout,
    Duration slowRequestThreshold,
    String logFormat,
    boolean forceNewCluster) {

  public static final Path DEFAULT_DATA_DIR = Path.of("/tmp/mokv");

  /** The node name when the host name cannot be used. */
  public static final String FALLBACK_NODE_NAME = "node1";

  public static final HostPort DEFAULT_BIND_ADDR = new HostPort("127.0.0.1", 8401);
  public static final int DEFAULT_RPC_PORT = 8400;
  public static final int DEFAULT_RAFT_PORT = 8402;
  public static final int DEFAULT_METRICS_PORT = 4000;
  public static final String DEFAULT_LOG_LEVEL = "INFO";
  public static final long DEFAULT_SNAPSHOT_THRESHOLD = 8192;
  public static final int DEFAULT_MAX_VALUE_BYTES = 1024 * 1024;
  public static final long DEFAULT_LOG_SEGMENT_SIZE = 8 * 1024 * 1024;
  public static final Duration DEFAULT_ELECTION_TIMEOUT = Duration.ofSeconds(1);
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_DEAD_SERVER_CLEANUP = Duration.ZERO;
  public static final boolean DEFAULT_LEAVE_ON_TERMINATE = false;
  public static final Duration DEFAULT_JOIN_TIMEOUT = Duration.ofSeconds(60);
  public static final Duration DEFAULT_SLOW_REQUEST_THRESHOLD = Duration.ofSeconds(1);
  public static final String DEFAULT_LOG_FORMAT = "text";

  /** What a node name must look like. */
  static final Pattern NODE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

  /**
   * Checks every constraint; prefer {@link #builder()}, which supplies the defaults.
   *
   * @throws ConfigException listing every violated constraint
   * @throws NullPointerException if any argument is null
   */
  public NodeConfig(
      Path dataDir,
      String nodeName,
      HostPort bindAddr,
      int rpcPort,
      int raftPort,
      List<HostPort> startJoinAddrs,
      boolean bootstrap,
      List<InitialMember> initialCluster,
      int metricsPort,
      String logLevel,
      long snapshotThreshold,
      int maxValueBytes,
      long logSegmentSize,
      Duration electionTimeout,
      Duration requestTimeout,
      Duration deadServerCleanup,
      boolean leaveOnTerminate,
      Duration joinTimeout,
      Duration slowRequestThreshold,
      String logFormat,
      boolean forceNewCluster) {
    this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
    this.nodeName = Objects.requireNonNull(nodeName, "nodeName");
    this.bindAddr = Objects.requireNonNull(bindAddr, "bindAddr");
    this.rpcPort = rpcPort;
    this.raftPort = raftPort;
    this.startJoinAddrs = List.copyOf(startJoinAddrs);
    this.bootstrap = bootstrap;
    this.initialCluster = List.copyOf(initialCluster);
    this.metricsPort = metricsPort;
    this.logLevel = logLevel.toUpperCase(Locale.ROOT);
    this.snapshotThreshold = snapshotThreshold;
    this.maxValueBytes = maxValueBytes;
    this.logSegmentSize = logSegmentSize;
    this.electionTimeout = Objects.requireNonNull(electionTimeout, "electionTimeout");
    this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
    this.deadServerCleanup = Objects.requireNonNull(deadServerCleanup, "deadServerCleanup");
    this.leaveOnTerminate = leaveOnTerminate;
    this.joinTimeout = Objects.requireNonNull(joinTimeout, "joinTimeout");
    this.slowRequestThreshold =
        Objects.requireNonNull(slowRequestThreshold, "slowRequestThreshold");
    this.logFormat = logFormat.toLowerCase(Locale.ROOT);
    this.forceNewCluster = forceNewCluster;
    List<String> problems = NodeConfigRules.problems(this);
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
  }

  /** A builder holding the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this configuration, to derive a changed copy. */
  public Builder toBuilder() {
    return new Builder()
        .dataDir(dataDir)
        .nodeName(nodeName)
        .bindAddr(bindAddr)
        .rpcPort(rpcPort)
        .raftPort(raftPort)
        .startJoinAddrs(startJoinAddrs)
        .bootstrap(bootstrap)
        .initialCluster(initialCluster)
        .metricsPort(metricsPort)
        .logLevel(logLevel)
        .snapshotThreshold(snapshotThreshold)
        .maxValueBytes(maxValueBytes)
        .logSegmentSize(logSegmentSize)
        .electionTimeout(electionTimeout)
        .requestTimeout(requestTimeout)
        .deadServerCleanup(deadServerCleanup)
        .leaveOnTerminate(leaveOnTerminate)
        .joinTimeout(joinTimeout)
        .slowRequestThreshold(slowRequestThreshold)
        .logFormat(logFormat)
        .forceNewCluster(forceNewCluster);
  }

  /** The host other nodes and clients reach this node at: the host of {@link #bindAddr()}. */
  public String advertisedHost() {
    return bindAddr.host();
  }

  /** The address clients reach the gRPC API at. */
  public HostPort rpcAddress() {
    return new HostPort(advertisedHost(), rpcPort);
  }

  /** The address Raft peers reach this node at. */
  public HostPort raftAddress() {
    return new HostPort(advertisedHost(), raftPort);
  }

  /** What the Raft layer uses of this configuration. */
  public RaftOptions raft() {
    return new RaftOptions(
        nodeName,
        dataDir,
        raftAddress(),
        rpcAddress(),
        electionTimeout,
        requestTimeout,
        snapshotThreshold,
        logSegmentSize);
  }

  /** What the client gRPC server uses of this configuration. */
  public RpcOptions rpc() {
    return new RpcOptions(rpcAddress(), maxValueBytes, requestTimeout, slowRequestThreshold);
  }

  /**
   * Collects settings for a {@link NodeConfig}; starts from the defaults. Setters reject only null;
   * {@link #build()} checks everything else, all at once.
   */
  public static final class Builder {
    private Path dataDir = DEFAULT_DATA_DIR;
    private String nodeName; // null: the host name, looked up only if never set.
    private HostPort bindAddr = DEFAULT_BIND_ADDR;
    private int rpcPort = DEFAULT_RPC_PORT;
    private int raftPort = DEFAULT_RAFT_PORT;
    private List<HostPort> startJoinAddrs = List.of();
    private boolean bootstrap = false;
    private List<InitialMember> initialCluster = List.of();
    private int metricsPort = DEFAULT_METRICS_PORT;
    private String logLevel = DEFAULT_LOG_LEVEL;
    private long snapshotThreshold = DEFAULT_SNAPSHOT_THRESHOLD;
    private int maxValueBytes = DEFAULT_MAX_VALUE_BYTES;
    private long logSegmentSize = DEFAULT_LOG_SEGMENT_SIZE;
    private Duration electionTimeout = DEFAULT_ELECTION_TIMEOUT;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
    private Duration deadServerCleanup = DEFAULT_DEAD_SERVER_CLEANUP;
    private boolean leaveOnTerminate = DEFAULT_LEAVE_ON_TERMINATE;
    private Duration joinTimeout = DEFAULT_JOIN_TIMEOUT;
    private Duration slowRequestThreshold = DEFAULT_SLOW_REQUEST_THRESHOLD;
    private String logFormat = DEFAULT_LOG_FORMAT;
    private boolean forceNewCluster = false;

    private Builder() {}

    /** See {@link NodeConfig#dataDir()}. */
    public Builder dataDir(Path dataDir) {
      this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
      return this;
    }

    /** See {@link NodeConfig#nodeName()}. */
    public Builder nodeName(String nodeName) {
      this.nodeName = Objects.requireNonNull(nodeName, "nodeName");
      return this;
    }

    /** See {@link NodeConfig#bindAddr()}. */
    public Builder bindAddr(HostPort bindAddr) {
      this.bindAddr = Objects.requireNonNull(bindAddr, "bindAddr");
      return this;
    }

    /** See {@link NodeConfig#rpcPort()}. */
    public Builder rpcPort(int rpcPort) {
      this.rpcPort = rpcPort;
      return this;
    }

    /** See {@link NodeConfig#raftPort()}. */
    public Builder raftPort(int raftPort) {
      this.raftPort = raftPort;
      return this;
    }

    /** See {@link NodeConfig#startJoinAddrs()}. */
    public Builder startJoinAddrs(List<HostPort> startJoinAddrs) {
      this.startJoinAddrs = Objects.requireNonNull(startJoinAddrs, "startJoinAddrs");
      return this;
    }

    /** See {@link NodeConfig#bootstrap()}. */
    public Builder bootstrap(boolean bootstrap) {
      this.bootstrap = bootstrap;
      return this;
    }

    /** See {@link NodeConfig#initialCluster()}. */
    public Builder initialCluster(List<InitialMember> initialCluster) {
      this.initialCluster = Objects.requireNonNull(initialCluster, "initialCluster");
      return this;
    }

    /** See {@link NodeConfig#metricsPort()}. */
    public Builder metricsPort(int metricsPort) {
      this.metricsPort = metricsPort;
      return this;
    }

    /** See {@link NodeConfig#logLevel()}. */
    public Builder logLevel(String logLevel) {
      this.logLevel = Objects.requireNonNull(logLevel, "logLevel");
      return this;
    }

    /** See {@link NodeConfig#snapshotThreshold()}. */
    public Builder snapshotThreshold(long snapshotThreshold) {
      this.snapshotThreshold = snapshotThreshold;
      return this;
    }

    /** See {@link NodeConfig#maxValueBytes()}. */
    public Builder maxValueBytes(int maxValueBytes) {
      this.maxValueBytes = maxValueBytes;
      return this;
    }

    /** See {@link NodeConfig#logSegmentSize()}. */
    public Builder logSegmentSize(long logSegmentSize) {
      this.logSegmentSize = logSegmentSize;
      return this;
    }

    /** See {@link NodeConfig#electionTimeout()}. */
    public Builder electionTimeout(Duration electionTimeout) {
      this.electionTimeout = Objects.requireNonNull(electionTimeout, "electionTimeout");
      return this;
    }

    /** See {@link NodeConfig#requestTimeout()}. */
    public Builder requestTimeout(Duration requestTimeout) {
      this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
      return this;
    }

    /** See {@link NodeConfig#deadServerCleanup()}. */
    public Builder deadServerCleanup(Duration deadServerCleanup) {
      this.deadServerCleanup = Objects.requireNonNull(deadServerCleanup, "deadServerCleanup");
      return this;
    }

    /** See {@link NodeConfig#leaveOnTerminate()}. */
    public Builder leaveOnTerminate(boolean leaveOnTerminate) {
      this.leaveOnTerminate = leaveOnTerminate;
      return this;
    }

    /** The data directory set so far; {@link ConfigLoader} checks it even if build() fails. */
    Path dataDir() {
      return dataDir;
    }

    /** See {@link NodeConfig#joinTimeout()}. */
    public Builder joinTimeout(Duration joinTimeout) {
      this.joinTimeout = Objects.requireNonNull(joinTimeout, "joinTimeout");
      return this;
    }

    /** See {@link NodeConfig#slowRequestThreshold()}. */
    public Builder slowRequestThreshold(Duration slowRequestThreshold) {
      this.slowRequestThreshold =
          Objects.requireNonNull(slowRequestThreshold, "slowRequestThreshold");
      return this;
    }

    /** See {@link NodeConfig#logFormat()}. */
    public Builder logFormat(String logFormat) {
      this.logFormat = Objects.requireNonNull(logFormat, "logFormat");
      return this;
    }

    /** See {@link NodeConfig#forceNewCluster()}. */
    public Builder forceNewCluster(boolean forceNewCluster) {
      this.forceNewCluster = forceNewCluster;
      return this;
    }

    /**
     * Creates the configuration.
     *
     * @throws ConfigException listing every violated constraint
     */
    public NodeConfig build() {
      return new NodeConfig(
          dataDir,
          nodeName != null ? nodeName : DefaultNodeName.get(),
          bindAddr,
          rpcPort,
          raftPort,
          startJoinAddrs,
          bootstrap,
          initialCluster,
          metricsPort,
          logLevel,
          snapshotThreshold,
          maxValueBytes,
          logSegmentSize,
          electionTimeout,
          requestTimeout,
          deadServerCleanup,
          leaveOnTerminate,
          joinTimeout,
          slowRequestThreshold,
          logFormat,
          forceNewCluster);
    }
  }
}
