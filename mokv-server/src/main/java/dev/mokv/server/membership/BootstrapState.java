package dev.mokv.server.membership;

/**
 * Where a node configured to bootstrap stands in creating its cluster, as it advertises through
 * gossip, so that two bootstrap nodes started together create one cluster between them, not two.
 */
public enum BootstrapState {
  /** Not a bootstrap node, or one that already belongs to a cluster. */
  NONE,
  /** A bootstrap node watching gossip before it decides; the name that sorts first creates. */
  CANDIDATE,
  /** A bootstrap node that has decided to create the cluster; candidates that see it join. */
  CREATING
}
