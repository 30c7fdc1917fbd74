package dev.mokv.server.membership;

import io.scalecube.cluster.Cluster;
import io.scalecube.cluster.ClusterImpl;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Membership} over ScaleCube Cluster (SWIM failure detection plus gossip), playing the role
 * Serf plays in the Go mökv.
 *
 * <p>Identity: ScaleCube generates a fresh member id per process start; the stable node name
 * travels in the metadata. Pinning the id to the node name breaks rejoining after a graceful leave
 * (the old LEAVING record outranks the new member), so it is deliberately not done. A restarted
 * node is a new incarnation with the same name; {@link MemberTable} shows only the newest one.
 *
 * <p>Metadata is not gossiped by ScaleCube: each member fetches a newcomer's metadata point to
 * point, and a member whose metadata cannot be fetched is added only at a later sync. Events are
 * translated and delivered by {@link GossipEventHandler}.
 *
 * <p>On the wire ScaleCube uses Java serialization; see {@link SerialFilter} and bind the gossip
 * port to a private interface ({@link GossipOptions}).
 */
public final class ScaleCubeMembership implements Membership {

  private static final Logger log = LoggerFactory.getLogger(ScaleCubeMembership.class);

  /** Keeps mökv members apart from any other ScaleCube cluster on the same network. */
  static final String NAMESPACE = "mokv";

  /** Slack on top of the seed sync timeout before {@link #start()} gives up. */
  private static final Duration START_SLACK = Duration.ofSeconds(10);

  private enum State {
    NEW,
    RUNNING,
    STOPPED
  }

  private final GossipOptions options;
  private final String nodeName;
  private final MemberTable peers;
  private final HostBoundTcpTransportFactory transports;
  private final List<MembershipListener> listeners = new CopyOnWriteArrayList<>();
  private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
  // Serializes start, leave and close. Not `this`: updateMetadata locks `this` and may be called
  // by a listener on the event thread while start() waits for that thread.
  private final Object lifecycle = new Object();
  private volatile MemberMetadata metadata;
  private volatile boolean leaving;
  private volatile Cluster cluster;

  /** Creates a stopped member; nothing is bound until {@link #start()}. */
  public ScaleCubeMembership(GossipOptions options) {
    this.options = Objects.requireNonNull(options, "options");
    this.metadata = options.metadata();
    this.nodeName = metadata.nodeName();
    this.peers = new MemberTable(nodeName);
    SeedWarnings seedWarnings =
        new SeedWarnings(
            nodeName,
            new HashSet<>(options.seeds()),
            options.timings().syncInterval(),
            this::hasPeers,
            System::nanoTime);
    this.transports =
        new HostBoundTcpTransportFactory(options.bindHost(), seedWarnings::connectFailed);
  }

  @Override
  public void start() {
    synchronized (lifecycle) {
      if (!state.compareAndSet(State.NEW, State.RUNNING)) {
        throw new IllegalStateException("membership of " + nodeName + " was already started");
      }
      ClusterImpl configured = configure();
      // Assigned before starting: listeners run during the initial sync and may update metadata.
      cluster = configured;
      try {
        configured.start().block(options.timings().syncTimeout().plus(START_SLACK));
      } catch (RuntimeException e) {
        state.set(State.STOPPED);
        cluster = null;
        if (configured.transport() != null) {
          configured.shutdown();
        }
        String where = options.bindHost() + ":" + options.bindPort();
        throw new MembershipException(
            "cannot start gossip on " + where + ": " + rootCause(e).getMessage(), e);
      }
    }
    log.info("[{}] gossip on {}, seeds {}", nodeName, gossipAddress(), options.seeds());
  }

  private ClusterImpl configure() {
    GossipTimings timings = options.timings();
    return new ClusterImpl()
        .config(
            config ->
                config
                    .memberAlias(nodeName)
                    .metadata(metadata)
                    .metadataCodec(new MemberMetadataCodec())
                    .metadataTimeout(millis(timings.metadataTimeout()))
                    .externalHost(options.advertisedHost()))
        .transport(
            transport ->
                transport
                    .port(options.bindPort())
                    .connectTimeout(millis(timings.connectTimeout()))
                    .messageCodec(new GuardedMessageCodec()))
        .transportFactory(() -> transports)
        .membership(
            membership ->
                membership
                    .seedMembers(options.seeds())
                    .namespace(NAMESPACE)
                    .suspicionMult(timings.suspicionMult())
                    .syncInterval(millis(timings.syncInterval()))
                    .syncTimeout(millis(timings.syncTimeout())))
        .failureDetector(
            detector ->
                detector
                    .pingInterval(millis(timings.pingInterval()))
                    .pingTimeout(millis(timings.pingTimeout())))
        .gossip(gossip -> gossip.gossipInterval(timings.gossipInterval().toMillis()))
        .handler(ignored -> new GossipEventHandler(nodeName, peers, listeners));
  }

  @Override
  public Member self() {
    return Member.of(metadata, leaving ? Member.Status.LEAVING : Member.Status.ALIVE);
  }

  @Override
  public List<Member> members() {
    List<Member> members = new ArrayList<>();
    members.add(self());
    members.addAll(peers.members());
    return List.copyOf(members);
  }

  @Override
  public List<Member> namesakes() {
    return peers.namesakes();
  }

  @Override
  public boolean hasPeers() {
    return !peers.isEmpty();
  }

  @Override
  public String gossipAddress() {
    Cluster running = cluster;
    if (running == null) {
      throw new IllegalStateException("membership of " + nodeName + " is not started");
    }
    return running.address();
  }

  @Override
  public void addListener(MembershipListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  @Override
  public synchronized void updateMetadata(MemberMetadata newMetadata) {
    Objects.requireNonNull(newMetadata, "metadata");
    if (!newMetadata.nodeName().equals(nodeName)) {
      throw new IllegalArgumentException(
          "node name is permanent: " + nodeName + " cannot become " + newMetadata.nodeName());
    }
    if (state.get() != State.RUNNING) {
      throw new IllegalStateException("membership of " + nodeName + " is not running");
    }
    metadata = newMetadata;
    // Synchronized so that ScaleCube's single-threaded scheduler receives updates in the order
    // they were made here. The returned Mono completes only once the gossip has spread; nobody
    // needs to wait for that.
    cluster
        .updateMetadata(newMetadata)
        .subscribe(
            null,
            e -> log.warn("[{}] spreading a metadata update failed: {}", nodeName, e.toString()));
  }

  @Override
  public void leave() {
    synchronized (lifecycle) {
      if (state.getAndSet(State.STOPPED) != State.RUNNING) {
        return;
      }
      leaving = true;
      long started = System.nanoTime();
      cluster.shutdown(); // ScaleCube's shutdown gossips LEAVING first, then stops.
      if (awaitShutdown()) {
        log.info(
            "[{}] left the cluster in {} ms", nodeName, (System.nanoTime() - started) / 1_000_000);
      } else {
        log.warn(
            "[{}] leave did not finish within {} ms; peers may see this node as failed",
            nodeName,
            leaveTimeoutMillis());
      }
    }
  }

  @Override
  public void close() {
    synchronized (lifecycle) {
      if (state.getAndSet(State.STOPPED) != State.RUNNING) {
        return;
      }
      // ScaleCube's shutdown always gossips a leave before stopping. Muting the transport first
      // sends that gossip nowhere, so peers see a silent stop (FAILED), as this method promises.
      transports.mute();
      cluster.shutdown();
      if (!awaitShutdown()) {
        log.warn("[{}] gossip did not shut down within {} ms", nodeName, leaveTimeoutMillis());
      }
    }
  }

  private boolean awaitShutdown() {
    try {
      cluster.onShutdown().block(options.timings().leaveTimeout());
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private long leaveTimeoutMillis() {
    return options.timings().leaveTimeout().toMillis();
  }

  private static int millis(Duration duration) {
    return Math.toIntExact(duration.toMillis());
  }

  private static Throwable rootCause(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root;
  }
}
