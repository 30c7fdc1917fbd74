package dev.mokv.server.raft;

/**
 * A write refused because the commands this node has queued for Raft already fill the queue's byte
 * bound: nothing was queued or written, and the caller may retry later. The queue fills when the
 * node cannot reach a leader, or writes arrive faster than Raft commits them.
 */
public final class WriteQueueFullException extends RuntimeException {

  WriteQueueFullException(long queuedBytes, long limitBytes) {
    super(
        "this node's write queue is full ("
            + queuedBytes
            + " bytes queued, limit "
            + limitBytes
            + "); nothing was written, retry later");
  }
}
