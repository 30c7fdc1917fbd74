package dev.mokv.server.membership;

import dev.mokv.server.raft.ClusterAdmin;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On the Raft leader, makes the Raft configuration follow gossip, as Consul's leader does with
 * Serf: a live member of this cluster that is not a voter is added (Ratis lets it catch up first);
 * a member that announced it is leaving is removed; gossip speaks for a voter only through a member
 * at the voter's addresses ({@link VoterIdentity}), so a process that merely claims a voter's name
 * can never have it removed; a member that gossip reports failed stays a voter, unless {@code
 * dead-server-cleanup} is set and it stays failed that long. A voter that gossip does not list
 * counts as failed from the first round that notices, so a leader that never heard the FAILED event
 * (it started later) still cleans it up.
 *
 * <p>It runs on membership events, on leader and configuration changes, and every {@code interval},
 * so an event missed while there was no leader is acted on by the next one. Each round makes at
 * most one change (Raft changes membership one server at a time) and is idempotent: duplicate
 * events change nothing. Joiners are tried in turn, so one that cannot be reached (its add fails
 * every time) does not hold up the others.
 *
 * <p>Threading: events arrive on the gossip thread and only record state and schedule a round;
 * rounds run on this reconciler's own thread, where blocking on the leader is fine.
 */
public final class VoterReconciler implements MembershipListener, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(VoterReconciler.class);

  private final Membership membership;
  private final String selfName;
  private volatile ClusterAdmin admin;
  private volatile String clusterId;
  private final Duration deadServerCleanup;
  private final Clock clock;
  private final ScheduledExecutorService executor;
  private final AtomicBoolean scheduled = new AtomicBoolean();

  /** Node names whose member announced a leave, with that member as it was then. */
  private final Map<String, Member> leaving = new ConcurrentHashMap<>();

  private final Map<String, Instant> failedSince = new ConcurrentHashMap<>();
  private final AtomicLong added = new AtomicLong();
  private final AtomicLong removed = new AtomicLong();
  private final AtomicLong failedActions = new AtomicLong();

  /**
   * Joiners whose add was attempted and has not succeeded, with the attempt's sequence number: the
   * joiner tried longest ago (or never) goes first, so one that cannot be reached does not hold up
   * the others.
   */
  private final Map<String, Long> lastAddAttempt = new ConcurrentHashMap<>();

  private final AtomicLong addAttempts = new AtomicLong();

  /**
   * Creates a reconciler that records membership events at once (register it before the membership
   * starts, so no event is missed) and acts only once {@link #start} gave it Raft.
   *
   * @param deadServerCleanup zero for never; otherwise how long a member must be failed before it
   *     is removed
   */
  public VoterReconciler(
      Membership membership, String selfName, Duration deadServerCleanup, Clock clock) {
    this.membership = membership;
    this.selfName = selfName;
    this.deadServerCleanup = deadServerCleanup;
    this.clock = clock;
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "mokv-reconciler-" + selfName);
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Starts acting: periodic rounds every {@code interval}, plus rounds on events.
   *
   * @param clusterId only members advertising this cluster id are added
   */
  public void start(ClusterAdmin admin, String clusterId, Duration interval) {
    // clusterId first: a round that sees admin must also see the cluster id.
    this.clusterId = clusterId;
    this.admin = admin;
    executor.scheduleWithFixedDelay(this::runRound, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void onEvent(MembershipEvent event) {
    String name = event.nodeName();
    switch (event.type()) {
      case JOINED, UPDATED -> {
        leaving.remove(name);
        failedSince.remove(name);
      }
      case LEAVING, LEFT -> leaving.put(name, event.member());
      case FAILED -> failedSince.putIfAbsent(name, clock.instant());
    }
    trigger();
  }

  /** Schedules a round soon; rounds requested while one is pending are merged. */
  public void trigger() {
    if (scheduled.compareAndSet(false, true) && !executor.isShutdown()) {
      executor.execute(this::runRound);
    }
  }

  private void runRound() {
    scheduled.set(false);
    try {
      reconcileOnce();
    } catch (IOException | RuntimeException e) {
      failedActions.incrementAndGet();
      log.warn("Membership reconcile failed, will retry: {}", e.getMessage());
    }
  }

  /**
   * One round: at most one change. Public for tests, which drive rounds deterministically.
   *
   * @return a description of the change made, or null when none was needed
   */
  public String reconcileOnce() throws IOException {
    ClusterAdmin admin = this.admin;
    if (admin == null || !admin.isLeader() || admin.reconfiguring()) {
      return null;
    }
    Map<String, Member> members =
        membership.members().stream()
            .collect(Collectors.toMap(Member::nodeName, Function.identity(), (a, b) -> b));
    for (String server : admin.servers()) {
      if (server.equals(selfName)) {
        continue;
      }
      Member member = members.get(server);
      if (member != null && !VoterIdentity.isTheVoter(member, admin)) {
        // Another process claims the voter's name: it does not speak for the voter.
        log.debug("Gossip member {} does not match voter {}'s addresses; ignored", member, server);
        member = null;
      }
      trackFailure(server, member);
      Member leaver = leaving.get(server);
      boolean announcedLeave =
          (leaver != null && VoterIdentity.isTheVoter(leaver, admin))
              || (member != null && member.status() == Member.Status.LEAVING);
      if (announcedLeave && admin.remove(server)) {
        removed.incrementAndGet();
        log.info("Removed {} from the Raft configuration: it left the cluster", server);
        return "removed " + server;
      }
      if (member == null && deadFor(server) && admin.remove(server)) {
        removed.incrementAndGet();
        log.warn(
            "Removed {} from the Raft configuration: failed for over {} (dead-server-cleanup)",
            server,
            deadServerCleanup);
        return "removed " + server;
      }
    }
    lastAddAttempt.keySet().retainAll(members.keySet());
    Optional<Member> joiner =
        members.values().stream()
            .filter(
                member ->
                    member.status() == Member.Status.ALIVE
                        && clusterId.equals(member.clusterId())
                        && !leaving.containsKey(member.nodeName())
                        && !admin.contains(member.nodeName()))
            .min(
                Comparator.comparingLong(
                        (Member member) -> lastAddAttempt.getOrDefault(member.nodeName(), 0L))
                    .thenComparing(Member::nodeName));
    if (joiner.isPresent()) {
      Member member = joiner.get();
      lastAddAttempt.put(member.nodeName(), addAttempts.incrementAndGet());
      admin.addVoter(member.nodeName(), member.raftAddress());
      lastAddAttempt.remove(member.nodeName());
      added.incrementAndGet();
      log.info("Added {} ({}) as a voter", member.nodeName(), member.raftAddress());
      return "added " + member.nodeName();
    }
    return null;
  }

  /**
   * Keeps the failure clock in step with the current view, not only with events: a server gossip
   * lists is not failed, and a server gossip does not list counts as failed from now on even if no
   * FAILED event was heard (this node may have started after it failed).
   */
  private void trackFailure(String server, Member member) {
    if (member != null) {
      failedSince.remove(server);
    } else {
      failedSince.putIfAbsent(server, clock.instant());
    }
  }

  private boolean deadFor(String server) {
    if (deadServerCleanup.isZero()) {
      return false;
    }
    Instant since = failedSince.get(server);
    return since != null && !since.plus(deadServerCleanup).isAfter(clock.instant());
  }

  /** Servers added so far by this reconciler. */
  public long added() {
    return added.get();
  }

  /** Servers removed so far by this reconciler. */
  public long removed() {
    return removed.get();
  }

  /** Rounds that failed (and were retried). */
  public long failedRounds() {
    return failedActions.get();
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
