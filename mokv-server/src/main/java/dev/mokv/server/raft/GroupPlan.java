package dev.mokv.server.raft;

import dev.mokv.server.config.InitialMember;
import dev.mokv.server.config.NodeConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;

/**
 * Which Raft group a node serves and the peers it starts with.
 *
 * <p>A data-dir that already holds a group wins: after the first start, like etcd's {@code
 * initial-cluster}, the bootstrap settings are ignored and the configuration comes from the log.
 * Otherwise {@code initial-cluster} names a fixed group whose id every member derives from the same
 * list, and {@code bootstrap} starts a new one-node group with a fresh id.
 */
public record GroupPlan(RaftGroupId groupId, List<RaftPeer> peers, boolean recovered) {

  /** Makes the plan for {@code config}; fails if the data-dir holds more than one group. */
  public static GroupPlan of(NodeConfig config) throws IOException {
    Optional<RaftGroupId> existing = existingGroup(config.dataDir());
    if (existing.isPresent()) {
      return new GroupPlan(existing.get(), List.of(), true);
    }
    if (!config.initialCluster().isEmpty()) {
      List<RaftPeer> peers = new ArrayList<>();
      for (InitialMember member : config.initialCluster()) {
        peers.add(peer(member.name(), member.raftAddress().toString()));
      }
      return new GroupPlan(initialClusterGroupId(config.initialCluster()), peers, false);
    }
    if (config.bootstrap()) {
      return new GroupPlan(
          RaftGroupId.randomId(),
          List.of(peer(config.nodeName(), config.raftAddress().toString())),
          false);
    }
    throw new IOException(
        "data-dir "
            + config.dataDir()
            + " holds no cluster, and neither bootstrap nor initial-cluster is set: "
            + "nothing to start (set bootstrap: true for a new cluster, or initial-cluster)");
  }

  /** Joins an existing group learned from elsewhere (gossip), with no initial peers. */
  public static GroupPlan join(RaftGroupId groupId) {
    return new GroupPlan(groupId, List.of(), false);
  }

  RaftGroup group() {
    return RaftGroup.valueOf(groupId, peers);
  }

  static RaftPeer peer(String name, String raftAddress) {
    return RaftPeer.newBuilder().setId(name).setAddress(raftAddress).build();
  }

  static RaftGroupId initialClusterGroupId(List<InitialMember> members) {
    String canonical =
        members.stream()
            .sorted(Comparator.comparing(InitialMember::name))
            .map(m -> m.name() + "=" + m.raftAddress())
            .collect(Collectors.joining(","));
    return RaftGroupId.valueOf(
        UUID.nameUUIDFromBytes(
            ("mokv-initial-cluster:" + canonical).getBytes(StandardCharsets.UTF_8)));
  }

  /** The group whose storage lives in {@code dataDir}, if any (Ratis names the dir by its UUID). */
  public static Optional<RaftGroupId> existingGroup(Path dataDir) throws IOException {
    if (!Files.isDirectory(dataDir)) {
      return Optional.empty();
    }
    List<RaftGroupId> groups = new ArrayList<>();
    try (Stream<Path> children = Files.list(dataDir)) {
      for (Path child : (Iterable<Path>) children::iterator) {
        Optional<UUID> uuid = parseUuid(child.getFileName().toString());
        if (uuid.isPresent() && Files.isDirectory(child.resolve("current"))) {
          groups.add(RaftGroupId.valueOf(uuid.get()));
        }
      }
    }
    if (groups.size() > 1) {
      throw new IOException(
          "data-dir "
              + dataDir
              + " holds more than one Raft group "
              + groups
              + "; refusing to guess");
    }
    return groups.stream().findFirst();
  }

  private static Optional<UUID> parseUuid(String name) {
    try {
      return Optional.of(UUID.fromString(name));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
