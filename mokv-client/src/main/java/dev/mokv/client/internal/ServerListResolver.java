package dev.mokv.client.internal;

import dev.mokv.api.Server;
import io.grpc.Attributes;
import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.Status;
import io.grpc.StatusOr;
import io.grpc.SynchronizationContext;
import io.grpc.SynchronizationContext.ScheduledHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Resolves {@code mokv://host:port[,host:port...]} into one address group per server of the
 * cluster, each tagged with its {@link ServerRole}, by calling {@code GetServers}.
 *
 * <p>It asks every server it knows, the seeds and the servers learned from earlier answers, so it
 * keeps working after the seed it started from is gone. It resolves again every refresh interval,
 * on {@link #refresh()} (the balancer calls it when the leader's connection is lost, the client
 * when a request fails), and soon again while no leader is known. Refreshes are coalesced: one
 * round at a time, at least {@link Timing#minGap} apart.
 *
 * <p>It keeps to one cluster: the cluster id of the first answer is pinned, and servers that report
 * another one are ignored ({@link ClusterPin}, {@link ServerListQuery}).
 *
 * <p>grpc calls {@link #start}, {@link #refresh} and {@link #shutdown} in the channel's
 * synchronization context; every field below is only touched there.
 */
final class ServerListResolver extends NameResolver {

  /**
   * When to resolve.
   *
   * @param interval between rounds while the cluster has a leader
   * @param noLeaderRetry between rounds while no leader is known (an election is running)
   * @param minGap the least time between the starts of two rounds, however often asked
   */
  record Timing(Duration interval, Duration noLeaderRetry, Duration minGap) {

    /** The defaults for a refresh {@code interval}. */
    static Timing of(Duration interval) {
      Duration retry = Duration.ofMillis(250);
      return new Timing(
          interval, retry.compareTo(interval) < 0 ? retry : interval, Duration.ofMillis(50));
    }
  }

  /** The endpoint an address group was made from, to ask that server next time. */
  private static final Attributes.Key<Endpoint> ENDPOINT = Attributes.Key.create("mokv.endpoint");

  private final List<Endpoint> seeds;
  private final ServerListSource source;
  private final SynchronizationContext syncContext;
  private final ScheduledExecutorService scheduler;
  private final Timing timing;
  private final LongSupplier nanoClock;
  private final ClusterPin pin = new ClusterPin();

  private Listener2 listener;
  private List<Endpoint> learned = List.of();
  private boolean resolving;
  private boolean refreshWanted;
  private boolean shutdown;
  private long lastStartNanos;
  private ScheduledHandle next;
  private long nextAtNanos;

  ServerListResolver(
      List<Endpoint> seeds,
      ServerListSource source,
      SynchronizationContext syncContext,
      ScheduledExecutorService scheduler,
      Timing timing,
      LongSupplier nanoClock) {
    if (seeds.isEmpty()) {
      throw new IllegalArgumentException("at least one seed endpoint is required");
    }
    this.seeds = List.copyOf(seeds);
    this.source = source;
    this.syncContext = syncContext;
    this.scheduler = scheduler;
    this.timing = timing;
    this.nanoClock = nanoClock;
  }

  @Override
  public String getServiceAuthority() {
    return seeds.get(0).toString();
  }

  @Override
  public void start(Listener2 listener) {
    this.listener = listener;
    resolve();
  }

  @Override
  public void refresh() {
    if (shutdown || listener == null) {
      return;
    }
    if (resolving) {
      refreshWanted = true;
      return;
    }
    long wait = lastStartNanos + timing.minGap().toNanos() - nanoClock.getAsLong();
    if (wait <= 0) {
      resolve();
    } else {
      scheduleNext(wait);
    }
  }

  /** {@link #refresh()} from any thread. */
  void requestRefresh() {
    syncContext.execute(this::refresh);
  }

  @Override
  public void shutdown() {
    shutdown = true;
    cancelNext();
    source.close();
  }

  private void resolve() {
    if (shutdown) {
      return;
    }
    cancelNext();
    resolving = true;
    refreshWanted = false;
    lastStartNanos = nanoClock.getAsLong();
    ServerListQuery.ask(candidates(), source, pin)
        .whenComplete(
            (servers, error) -> {
              if (error != null) {
                Status status = Status.fromThrowable(error);
                syncContext.execute(() -> onAnswer(StatusOr.fromStatus(status), false));
                return;
              }
              // Built here, off the synchronization context: a host name may need a DNS lookup.
              StatusOr<List<EquivalentAddressGroup>> groups = addressGroups(servers, pin);
              boolean hasLeader = servers.stream().anyMatch(Server::getIsLeader);
              syncContext.execute(() -> onAnswer(groups, hasLeader));
            });
  }

  /** Seeds and learned servers, learned first: they are what the cluster says it is now. */
  private List<Endpoint> candidates() {
    Set<Endpoint> all = new LinkedHashSet<>(learned);
    all.addAll(seeds);
    return List.copyOf(all);
  }

  private void onAnswer(StatusOr<List<EquivalentAddressGroup>> groups, boolean hasLeader) {
    resolving = false;
    if (shutdown) {
      return;
    }
    if (groups.hasValue()) {
      List<Endpoint> endpoints = new ArrayList<>();
      for (EquivalentAddressGroup group : groups.getValue()) {
        endpoints.add(group.getAttributes().get(ENDPOINT));
      }
      learned = List.copyOf(endpoints);
      Set<Endpoint> keep = new LinkedHashSet<>(learned);
      keep.addAll(seeds);
      source.retainOnly(keep);
    }
    listener.onResult2(ResolutionResult.newBuilder().setAddressesOrError(groups).build());
    if (refreshWanted) {
      refresh();
    } else {
      // Soon again while the cluster elects a leader; when no server answered, requests that fail
      // ask for refreshes themselves, and the channel retries with its own backoff.
      Duration wait = groups.hasValue() && !hasLeader ? timing.noLeaderRetry() : timing.interval();
      scheduleNext(wait.toNanos());
    }
  }

  static StatusOr<List<EquivalentAddressGroup>> addressGroups(
      List<Server> servers, ClusterPin pin) {
    List<EquivalentAddressGroup> groups = new ArrayList<>();
    for (Server server : servers) {
      if (server.getRpcAddr().isEmpty()) {
        continue; // not published yet; it will be in a later answer
      }
      Endpoint endpoint;
      try {
        endpoint = Endpoint.parse(server.getRpcAddr());
      } catch (IllegalArgumentException e) {
        continue;
      }
      if (pin.isForeign(endpoint)) {
        continue; // its address now answers for another cluster
      }
      Attributes attrs =
          Attributes.newBuilder()
              .set(ServerRole.KEY, server.getIsLeader() ? ServerRole.LEADER : ServerRole.FOLLOWER)
              .set(ServerRole.SERVER_ID, server.getId())
              .set(ENDPOINT, endpoint)
              .build();
      groups.add(new EquivalentAddressGroup(endpoint.toSocketAddress(), attrs));
    }
    if (groups.isEmpty()) {
      return StatusOr.fromStatus(
          Status.UNAVAILABLE.withDescription(
              "the cluster reported no server with a client address"));
    }
    return StatusOr.fromValue(List.copyOf(groups));
  }

  private void scheduleNext(long delayNanos) {
    long at = nanoClock.getAsLong() + delayNanos;
    if (next != null && next.isPending()) {
      if (nextAtNanos <= at) {
        return; // a sooner round is already planned
      }
      next.cancel();
    }
    nextAtNanos = at;
    next = syncContext.schedule(this::resolve, delayNanos, TimeUnit.NANOSECONDS, scheduler);
  }

  private void cancelNext() {
    if (next != null) {
      next.cancel();
      next = null;
    }
  }
}
