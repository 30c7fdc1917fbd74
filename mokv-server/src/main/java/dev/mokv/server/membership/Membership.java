package dev.mokv.server.membership;

import java.util.List;

/**
 * This node's view of the cluster's members, kept current by gossip: who is there, where to reach
 * them (RPC and Raft addresses), and who joins, changes, leaves or fails.
 *
 * <p>This is what Serf does for the Go mökv. The interface exists so that the gossip library can be
 * swapped (ScaleCube today, e.g. JGroups tomorrow) without touching the code that reacts to
 * membership, such as the Raft voter reconciler.
 *
 * <p>Lifecycle: {@link #start()} once, then {@link #leave()} for a graceful stop or {@link
 * #close()} to just release resources. Both are idempotent; neither can be followed by {@code
 * start()}. A restarted node is a new instance with the same node name.
 *
 * <p>Threading: all methods are thread-safe. {@link MembershipListener}s are called on the gossip
 * layer's single event thread and must not block; see {@link MembershipListener}. Queries ({@link
 * #members()}, {@link #self()}, {@link #hasPeers()}) never block and may be called from listeners.
 */
public interface Membership extends AutoCloseable {

  /**
   * Binds the gossip port and contacts the seeds; returns once bound. Seeds that cannot be reached
   * delay this by at most the sync timeout: the node then starts alone, logs a warning, and keeps
   * retrying in the background. Use {@link #hasPeers()} to wait for the join, with a bound of your
   * choosing.
   *
   * @throws IllegalStateException if called twice, or after {@code leave()}/{@code close()}
   * @throws MembershipException if the gossip port cannot be bound
   */
  void start();

  /** This node, with its current metadata; status ALIVE, or LEAVING once {@link #leave()} ran. */
  Member self();

  /**
   * The current members, this node included, one entry per node name. Holds ALIVE and LEAVING
   * members (a LEAVING one stays until the gossip layer removes it); LEFT and FAILED members are
   * gone. If a node restarted, only its newest incarnation is listed. The list is a snapshot.
   */
  List<Member> members();

  /**
   * Other processes gossip shows under this node's own name: an older incarnation of this node not
   * yet declared dead, or another node started with the same {@code node-name} by mistake. They
   * never appear in {@link #members()}.
   */
  default List<Member> namesakes() {
    return List.of();
  }

  /** Whether at least one other member is known, i.e. whether this node has joined anyone. */
  boolean hasPeers();

  /** The {@code host:port} other members use to reach this node's gossip port. */
  String gossipAddress();

  /**
   * Registers a listener for events from now on. Register before {@link #start()} to see every
   * event; a listener added later should read {@link #members()} for the state so far.
   */
  void addListener(MembershipListener listener);

  /**
   * Replaces this node's advertised metadata, e.g. once it learns the cluster id. Returns at once:
   * {@link #self()} reflects the change immediately, and the other members see it as an UPDATED
   * event after a few gossip rounds.
   *
   * @throws IllegalArgumentException if the node name differs from the current one
   * @throws IllegalStateException if the membership is not running
   */
  void updateMetadata(MemberMetadata metadata);

  /**
   * Announces a graceful leave (peers see LEAVING) and shuts down, waiting at most the configured
   * leave timeout. A leave that times out is logged; peers then see this node as FAILED instead.
   */
  void leave();

  /**
   * Stops gossiping and releases the port and threads without announcing anything: peers eventually
   * see this node as FAILED. Safe to call after {@link #leave()}.
   */
  @Override
  void close();
}
