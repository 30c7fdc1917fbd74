package dev.mokv.cli.bench;

import java.util.Locale;

/** What a bench run sends. */
public enum Workload {
  /** Sets of keys drawn from the key space, through the client (to the leader). */
  PUT,
  /** Gets of keys drawn from a preloaded key space, through the client (to the followers). */
  GET,
  /** A get with probability {@code --read-ratio}, else a set, through the client. */
  MIXED,
  /**
   * {@code grpc.health.v1.Health/Check} on plain channels, round-robin over the endpoints: the
   * cheapest call the same servers answer, so the ceiling of any workload in the same run.
   */
  PING;

  /** Whether the key space is written before the run, so that every get finds its key. */
  public boolean preloads() {
    return this == GET || this == MIXED;
  }

  /** Whether the run reads keys, at the run's read consistency. */
  public boolean reads() {
    return this == GET || this == MIXED;
  }

  /** The name on the command line and in reports. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
