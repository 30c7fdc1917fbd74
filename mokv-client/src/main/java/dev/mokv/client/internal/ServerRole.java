package dev.mokv.client.internal;

import io.grpc.Attributes;

/** The role {@link ServerListResolver} tags each server's address group with. */
public enum ServerRole {
  /** The Raft leader: takes the writes. */
  LEADER,
  /** Any other voter: takes the reads. */
  FOLLOWER;

  /** The attribute on an {@code EquivalentAddressGroup} that carries the role. */
  public static final Attributes.Key<ServerRole> KEY = Attributes.Key.create("mokv.server-role");

  /** The attribute that carries the server's id (node name), for messages. */
  public static final Attributes.Key<String> SERVER_ID = Attributes.Key.create("mokv.server-id");
}
