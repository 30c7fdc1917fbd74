package dev.mokv.cli.bench;

import java.util.Locale;

/** Which system a bench run loads: mökv itself, or etcd for a same-run comparison. */
public enum Target {
  /** mökv, through {@code mokv-client}: writes to the leader, reads to the followers. */
  MOKV,
  /**
   * etcd's v3 gRPC API ({@code etcdserverpb.KV}) on plain channels: puts to the leader, reads
   * round-robin over the endpoints.
   */
  ETCD;

  /** The name on the command line and in reports. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
