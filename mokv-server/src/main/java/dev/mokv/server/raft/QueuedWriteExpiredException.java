package dev.mokv.server.raft;

import java.time.Duration;

/**
 * A write whose deadline passed while it waited in this node's queue, before it was handed to Raft:
 * it was dropped and will never be applied (unlike a write that times out after it was sent, whose
 * outcome is unknown).
 */
public final class QueuedWriteExpiredException extends RuntimeException {

  QueuedWriteExpiredException(Duration timeout) {
    super(
        "the write waited "
            + timeout.toMillis()
            + " ms in this node's queue without being sent to Raft; it was dropped and will not be"
            + " applied");
  }
}
