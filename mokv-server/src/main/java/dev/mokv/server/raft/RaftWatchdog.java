package dev.mokv.server.raft;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.proto.RaftProtos.ServerRpcProto;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.util.LifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches this node's Raft server so that the node is never half alive: serving gRPC, gossip and
 * {@code /metrics} with no working Raft behind them. It reports the node dead (once) when
 *
 * <ul>
 *   <li>its Raft log could not be written ({@link LogWriteFailure}), or
 *   <li>the Raft server has stopped (an exception inside Ratis, or a JVM pause past a close
 *       threshold set by {@link PauseThreshold}), or
 *   <li>the node, a member of the configuration, has been out of touch with any leader for {@link
 *       WatchdogRule#LEADERLESS_TIMEOUTS} election timeouts while a peer is in touch with one.
 * </ul>
 *
 * <p>On the leader it also looks for a follower that answers but no longer takes entries ({@link
 * StuckFollowerRule}) and hands leadership to another voter, which frees it.
 *
 * <p>A stopped Ratis server cannot be started again, and a new one needs a new state machine and
 * store, which every other component of the node holds: so the node does not repair itself in
 * process but stops, and its process exits non-zero for a supervisor to restart it (see
 * docs/architecture.md). Runs on its own thread, since asking the peers may block.
 */
public final class RaftWatchdog implements Closeable {

  private static final Logger log = LoggerFactory.getLogger(RaftWatchdog.class);

  private static final Duration TICK = Duration.ofMillis(500);

  /** How often a leaderless member asks its peers, at most. */
  private static final Duration ASK_EVERY = Duration.ofSeconds(5);

  private final Consensus consensus;
  private final RaftPeerId self;
  private final Duration contactBound;
  private final WatchdogRule rule;
  private final StuckFollowerRule stuckRule;
  private final Duration transferTimeout;
  private final Consumer<String> onDead;
  private final ScheduledExecutorService thread;
  private long lastAskedNanos = -1;
  private volatile boolean done;

  private RaftWatchdog(
      Consensus consensus, String nodeName, Duration electionTimeout, Consumer<String> onDead) {
    this.consensus = consensus;
    this.self = RaftPeerId.valueOf(nodeName);
    this.contactBound = electionTimeout.multipliedBy(RaftStatus.CONTACT_TIMEOUTS);
    this.rule = new WatchdogRule(electionTimeout);
    this.stuckRule = new StuckFollowerRule(electionTimeout);
    Duration fiveTimeouts = electionTimeout.multipliedBy(5);
    this.transferTimeout =
        fiveTimeouts.compareTo(Duration.ofSeconds(5)) > 0 ? fiveTimeouts : Duration.ofSeconds(5);
    this.onDead = onDead;
    this.thread =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "mokv-watchdog-" + nodeName);
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Starts watching. {@code onDead} runs at most once, on the watchdog's thread, with one line
   * saying what is wrong; the watchdog stops after it.
   */
  public static RaftWatchdog start(
      Consensus consensus, String nodeName, Duration electionTimeout, Consumer<String> onDead) {
    RaftWatchdog watchdog = new RaftWatchdog(consensus, nodeName, electionTimeout, onDead);
    watchdog.thread.scheduleWithFixedDelay(
        watchdog::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
    // At once, not at the next tick: until it stops, the node may acknowledge entries its disk
    // does not have (see LogWriteFailure).
    consensus.logFailure().future().thenAccept(watchdog::deadSoon);
    return watchdog;
  }

  private void tick() {
    if (done) {
      return;
    }
    try {
      long now = System.nanoTime();
      Optional<RaftServer.Division> division = division();
      WatchdogRule.State state = rule.observe(look(division), now);
      if (state == WatchdogRule.State.STOPPED) {
        dead("its Raft server has stopped (" + lifeCycle(division) + ")");
      } else if (state == WatchdogRule.State.HEALTHY && division.isPresent()) {
        freeStuckFollower(division.get(), now);
      } else if (state == WatchdogRule.State.LEADERLESS && division.isPresent() && mayAsk(now)) {
        Optional<PeerLeaderQuery.Sighting> sighting =
            PeerLeaderQuery.ask(
                division.get().getGroup().getGroupId(),
                division.get().getRaftConf().getCurrentPeers(),
                self,
                contactBound);
        if (sighting.isPresent()) {
          dead(
              "it has been out of touch with any Raft leader for "
                  + rule.leaderlessFor(now).toSeconds()
                  + " s while "
                  + sighting.get());
        } else {
          log.warn(
              "Out of touch with any Raft leader for {} s, and so are the peers that answered",
              rule.leaderlessFor(now).toSeconds());
        }
      }
    } catch (RuntimeException e) {
      log.warn("Raft watchdog check failed", e);
    }
  }

  /** As the leader: hands leadership away from a follower that is stuck, if one is. */
  private void freeStuckFollower(RaftServer.Division division, long now) {
    DivisionInfo info = division.getInfo();
    if (!info.isLeader()) {
      stuckRule.reset();
      return;
    }
    Map<String, RatisMetricsBridge.FollowerReplies> replies =
        new RatisMetricsBridge(division.getMemberId()).followerReplies();
    List<StuckFollowerRule.Follower> followers = new ArrayList<>();
    for (ServerRpcProto f : info.getRoleInfoProto().getLeaderInfo().getFollowerInfoList()) {
      RaftPeerId id = RaftPeerId.valueOf(f.getId().getId());
      if (division.getRaftConf().getPeer(id, RaftPeerRole.FOLLOWER) == null) {
        continue; // a listener, or a server being added: not a voter yet
      }
      RatisMetricsBridge.FollowerReplies r =
          replies.getOrDefault(id.toString(), new RatisMetricsBridge.FollowerReplies(0, 0));
      followers.add(
          new StuckFollowerRule.Follower(
              id.toString(), r.successes(), r.inconsistencies(), f.getLastRpcElapsedTimeMs()));
    }
    Optional<String> stuck = stuckRule.observe(followers, now);
    if (stuck.isEmpty()) {
      return;
    }
    log.warn(
        "Follower {} has answered only \"inconsistent\" for {} election timeouts: its log ends"
            + " below what this leader believes it holds; handing leadership to another voter,"
            + " which frees it",
        stuck.get(),
        StuckFollowerRule.STUCK_TIMEOUTS);
    try {
      String to = consensus.admin().transferLeadershipAwayFrom(stuck.get(), transferTimeout);
      log.info("Transferred leadership to {} to free follower {}", to, stuck.get());
    } catch (IOException | RuntimeException e) {
      log.warn("Leadership transfer to free follower {} failed: {}", stuck.get(), e.getMessage());
    }
  }

  private boolean mayAsk(long now) {
    if (lastAskedNanos >= 0 && now - lastAskedNanos < ASK_EVERY.toNanos()) {
      return false;
    }
    lastAskedNanos = now;
    return true;
  }

  private void deadSoon(String reason) {
    try {
      thread.execute(
          () -> {
            if (!done) {
              dead(reason);
            }
          });
    } catch (RejectedExecutionException e) {
      // the watchdog has stopped: the node is stopping anyway
    }
  }

  private void dead(String reason) {
    done = true;
    thread.shutdown();
    onDead.accept(reason);
  }

  private Optional<RaftServer.Division> division() {
    try {
      return Optional.of(consensus.division());
    } catch (IllegalStateException e) {
      return Optional.empty();
    }
  }

  private WatchdogRule.Look look(Optional<RaftServer.Division> maybe) {
    if (maybe.isEmpty()) {
      return new WatchdogRule.Look(false, false, false);
    }
    RaftServer.Division division = maybe.get();
    DivisionInfo info = division.getInfo();
    boolean running = info.isAlive() && !closing(division.getRaftServer().getLifeCycleState());
    boolean member =
        division.getRaftConf().getPeer(self, RaftPeerRole.FOLLOWER, RaftPeerRole.LISTENER) != null;
    return new WatchdogRule.Look(running, member, inTouchWithLeader(info));
  }

  /** A leader is in touch with itself; a follower if it heard from its leader recently. */
  private boolean inTouchWithLeader(DivisionInfo info) {
    if (info.isLeader()) {
      return true;
    }
    RoleInfoProto role = info.getRoleInfoProto();
    return info.getLeaderId() != null
        && role.hasFollowerInfo()
        && role.getFollowerInfo().hasLeaderInfo()
        && role.getFollowerInfo().getLeaderInfo().getLastRpcElapsedTimeMs()
            <= contactBound.toMillis();
  }

  private static boolean closing(LifeCycle.State state) {
    return state.isClosingOrClosed() || state == LifeCycle.State.EXCEPTION;
  }

  private static String lifeCycle(Optional<RaftServer.Division> division) {
    return division
        .map(d -> "division " + d.getInfo().getLifeCycleState())
        .orElse("no Raft group running");
  }

  /** Stops watching; does not wait for a check in progress. */
  @Override
  public void close() {
    done = true;
    thread.shutdownNow();
  }
}
