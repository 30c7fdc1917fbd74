package dev.mokv.server.raft;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.proto.RaftProtos.CommitInfoProto;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.SetConfigurationRequest;
import org.apache.ratis.server.RaftConfiguration;
import org.apache.ratis.server.RaftServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Changes the Raft configuration: adds a voter, removes a server, transfers leadership.
 *
 * <p>Every call blocks until the leader answered (or the admin client's short retry policy gave
 * up), so callers run it off event threads. Ratis stages a new peer (it catches up as a non-voting
 * member) before the configuration that makes it a voter is committed, and rejects a change while
 * another is in progress; callers retry on their next round.
 *
 * <p>Internal to the server; not API.
 */
public final class ClusterAdmin implements Closeable {

  private static final Logger log = LoggerFactory.getLogger(ClusterAdmin.class);

  private final RaftClient client;
  private final Supplier<RaftServer.Division> division;
  private final RaftPeerId self;
  private final Function<String, Optional<String>> publishedRpcAddress;

  ClusterAdmin(
      RaftClient client,
      Supplier<RaftServer.Division> division,
      RaftPeerId self,
      Function<String, Optional<String>> publishedRpcAddress) {
    this.client = client;
    this.division = division;
    this.self = self;
    this.publishedRpcAddress = publishedRpcAddress;
  }

  /** Voters of the current configuration, by name. */
  public List<String> voters() {
    return names(conf().getCurrentPeers(RaftPeerRole.FOLLOWER));
  }

  /** Voters and learners of the current configuration, by name. */
  public List<String> servers() {
    List<String> all = new ArrayList<>(voters());
    all.addAll(names(conf().getCurrentPeers(RaftPeerRole.LISTENER)));
    return all;
  }

  /** Whether {@code name} is a voter or learner of the current configuration. */
  public boolean contains(String name) {
    RaftPeerId id = RaftPeerId.valueOf(name);
    return conf().getPeer(id, RaftPeerRole.FOLLOWER, RaftPeerRole.LISTENER) != null;
  }

  /** The Raft address of server {@code name} in the current configuration, if it is there. */
  public Optional<String> raftAddressOf(String name) {
    RaftPeer peer =
        conf().getPeer(RaftPeerId.valueOf(name), RaftPeerRole.FOLLOWER, RaftPeerRole.LISTENER);
    return Optional.ofNullable(peer).map(RaftPeer::getAddress);
  }

  /** The client (gRPC) address server {@code name} published through the log, if any. */
  public Optional<String> publishedRpcAddressOf(String name) {
    return publishedRpcAddress.apply(name);
  }

  /** Whether a configuration change is being committed (joint consensus). */
  public boolean reconfiguring() {
    return !conf().getPreviousPeers().isEmpty();
  }

  public boolean isLeader() {
    return division.get().getInfo().isLeader();
  }

  /** Adds {@code name} as a voter, after Ratis has let it catch up. No-op if already in. */
  public void addVoter(String name, String raftAddress) throws IOException {
    if (contains(name)) {
      return;
    }
    RaftPeer peer = GroupPlan.peer(name, raftAddress);
    check(
        client
            .admin()
            .setConfiguration(
                SetConfigurationRequest.Arguments.newBuilder()
                    .setServersInNewConf(List.of(peer))
                    .setMode(SetConfigurationRequest.Mode.ADD)
                    .build()),
        "add " + name);
  }

  /**
   * Removes {@code name} from the configuration; returns false if it was not in it. Compares and
   * sets, so a concurrent change is never overwritten.
   */
  public boolean remove(String name) throws IOException {
    RaftConfiguration conf = conf();
    List<RaftPeer> voters = new ArrayList<>(conf.getCurrentPeers(RaftPeerRole.FOLLOWER));
    List<RaftPeer> listeners = new ArrayList<>(conf.getCurrentPeers(RaftPeerRole.LISTENER));
    RaftPeerId id = RaftPeerId.valueOf(name);
    List<RaftPeer> newVoters = voters.stream().filter(p -> !p.getId().equals(id)).toList();
    List<RaftPeer> newListeners = listeners.stream().filter(p -> !p.getId().equals(id)).toList();
    if (newVoters.size() == voters.size() && newListeners.size() == listeners.size()) {
      return false;
    }
    if (newVoters.isEmpty()) {
      throw new IOException("cannot remove " + name + ": it is the last voter");
    }
    check(
        client
            .admin()
            .setConfiguration(
                SetConfigurationRequest.Arguments.newBuilder()
                    .setServersInCurrentConf(voters)
                    .setListenersInCurrentConf(listeners)
                    .setServersInNewConf(newVoters)
                    .setListenersInNewConf(newListeners)
                    .setMode(SetConfigurationRequest.Mode.COMPARE_AND_SET)
                    .build()),
        "remove " + name);
    return true;
  }

  /**
   * Hands leadership to {@code target}; when empty, to another voter, trying the most caught up
   * first (highest commit index the leader knows of) and the next one if it does not take over
   * within {@code timeout}, so that a voter that is down is skipped. Returns the new leader's name.
   */
  public String transferLeadership(Optional<String> target, Duration timeout) throws IOException {
    if (target.isPresent()) {
      transferTo(target.get(), timeout);
      return target.get();
    }
    return transferToFirstThatTakesOver(followersMostCaughtUpFirst(), timeout);
  }

  /**
   * Hands leadership to another voter than {@code follower}, most caught up first, as {@link
   * #transferLeadership} does. Returns the new leader's name.
   */
  public String transferLeadershipAwayFrom(String follower, Duration timeout) throws IOException {
    List<String> candidates =
        followersMostCaughtUpFirst().stream().filter(name -> !name.equals(follower)).toList();
    return transferToFirstThatTakesOver(candidates, timeout);
  }

  private String transferToFirstThatTakesOver(List<String> candidates, Duration timeout)
      throws IOException {
    if (candidates.isEmpty()) {
      throw new IOException("no other voter to hand leadership to");
    }
    IOException failure = null;
    for (String to : candidates) {
      try {
        transferTo(to, timeout);
        return to;
      } catch (IOException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    throw failure;
  }

  /**
   * If this node leads, hands leadership to another voter so the cluster does not wait out an
   * election timeout when it stops. Best effort: failures are logged.
   */
  public void transferLeadershipIfLeader(Duration timeout) {
    if (!isLeader() || voters().size() < 2) {
      return;
    }
    try {
      String to = transferLeadership(Optional.empty(), timeout);
      log.info("Transferred leadership to {}", to);
    } catch (IOException e) {
      log.warn("Leadership transfer failed: {}", e.getMessage());
    }
  }

  private void transferTo(String to, Duration timeout) throws IOException {
    check(
        client.admin().transferLeadership(RaftPeerId.valueOf(to), timeout.toMillis()),
        "transfer leadership to " + to);
  }

  /** The other voters, highest commit index first (a voter that is down falls behind), by name. */
  private List<String> followersMostCaughtUpFirst() {
    RaftServer.Division d = division.get();
    Map<String, Long> commitIndex = new HashMap<>();
    for (CommitInfoProto info : d.getCommitInfos()) {
      commitIndex.put(
          RaftPeerId.valueOf(info.getServer().getId()).toString(), info.getCommitIndex());
    }
    return d.getRaftConf().getCurrentPeers(RaftPeerRole.FOLLOWER).stream()
        .filter(p -> !p.getId().equals(self))
        .map(p -> p.getId().toString())
        .sorted(
            Comparator.comparingLong((String name) -> commitIndex.getOrDefault(name, -1L))
                .reversed()
                .thenComparing(Comparator.naturalOrder()))
        .toList();
  }

  private RaftConfiguration conf() {
    return division.get().getRaftConf();
  }

  private static List<String> names(Collection<RaftPeer> peers) {
    return peers.stream().map(p -> p.getId().toString()).sorted().toList();
  }

  private static void check(RaftClientReply reply, String what) throws IOException {
    if (!reply.isSuccess()) {
      Exception e = reply.getException();
      throw new IOException(what + " failed: " + (e != null ? e.getMessage() : reply), e);
    }
  }

  @Override
  public void close() throws IOException {
    client.close();
  }
}
