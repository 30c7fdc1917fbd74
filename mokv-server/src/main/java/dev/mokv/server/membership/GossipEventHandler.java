package dev.mokv.server.membership;

import io.scalecube.cluster.ClusterMessageHandler;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns ScaleCube membership events into mökv {@link MembershipEvent}s and hands them to the
 * listeners.
 *
 * <p>Runs on ScaleCube's event thread and never throws: an exception escaping to ScaleCube would
 * end its subscription, and this node would stop seeing membership changes for good. Metadata is
 * decoded here; ScaleCube sends none with some events (e.g. a LEAVING member never seen alive), and
 * garbage from a broken or foreign peer is logged and skipped.
 */
final class GossipEventHandler implements ClusterMessageHandler {

  private static final Logger log = LoggerFactory.getLogger(GossipEventHandler.class);

  private final String nodeName;
  private final MemberTable peers;
  private final List<MembershipListener> listeners;

  /**
   * @param listeners a live, thread-safe list; listeners added later receive later events
   */
  GossipEventHandler(String nodeName, MemberTable peers, List<MembershipListener> listeners) {
    this.nodeName = nodeName;
    this.peers = peers;
    this.listeners = listeners;
  }

  @Override
  public void onMembershipEvent(io.scalecube.cluster.membership.MembershipEvent event) {
    try {
      String gossipId = event.member().id();
      Optional<MembershipEvent> change =
          switch (event.type()) {
            case ADDED, UPDATED -> decode(event).flatMap(md -> peers.alive(gossipId, md));
            case LEAVING -> peers.leaving(gossipId);
            case REMOVED -> peers.removed(gossipId);
          };
      change.ifPresent(this::publish);
    } catch (RuntimeException e) {
      log.error("[{}] failed to handle gossip event {}", nodeName, event, e);
    }
  }

  private Optional<MemberMetadata> decode(io.scalecube.cluster.membership.MembershipEvent event) {
    ByteBuffer bytes = event.newMetadata();
    if (bytes == null) {
      log.debug(
          "[{}] {} of {} carries no metadata; skipped", nodeName, event.type(), event.member());
      return Optional.empty();
    }
    try {
      return Optional.of(MemberMetadataCodec.decode(bytes));
    } catch (MalformedMetadataException e) {
      log.warn(
          "[{}] ignoring {} of member at {}: {}",
          nodeName,
          event.type(),
          event.member().address(),
          e.getMessage());
      return Optional.empty();
    }
  }

  private void publish(MembershipEvent event) {
    Member member = event.member();
    log.info(
        "[{}] {} {} (rpc {}, raft {}, cluster '{}')",
        nodeName,
        event.type(),
        member.nodeName(),
        member.rpcAddress(),
        member.raftAddress(),
        member.clusterId());
    for (MembershipListener listener : listeners) {
      try {
        listener.onEvent(event);
      } catch (RuntimeException e) {
        log.warn("[{}] membership listener {} failed on {}", nodeName, listener, event, e);
      }
    }
  }
}
