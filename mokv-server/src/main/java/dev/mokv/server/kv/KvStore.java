package dev.mokv.server.kv;

import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The in-memory, ordered key-value map a node serves, with the store's revision.
 *
 * <p>Pure data structure: it knows nothing of Raft, gRPC or gossip. Every write increments the
 * revision by one, so replicas that apply the same commands in the same order agree on it.
 *
 * <p>Threading: exactly one thread writes (the Raft apply thread); any number of threads read
 * concurrently. A reader sees each write whole, never a torn one.
 */
public final class KvStore {

  private final ConcurrentNavigableMap<String, Versioned> map = new ConcurrentSkipListMap<>();
  private volatile long revision;
  private volatile long dataBytes;

  /** A value and the revision of the write that set it. */
  public record Versioned(byte[] value, long revision) {
    public Versioned {
      Objects.requireNonNull(value, "value");
    }
  }

  /** What a delete did: the revision after it, and whether the key existed. */
  public record DeleteResult(long revision, boolean existed) {}

  /** Returns the value of {@code key}, or empty if it is absent. */
  public Optional<Versioned> get(String key) {
    return Optional.ofNullable(map.get(key));
  }

  /**
   * Sets {@code key} to {@code value}; returns the new revision. Only the apply thread calls this.
   */
  public long set(String key, byte[] value) {
    long next = revision + 1;
    Versioned previous = map.put(key, new Versioned(value, next));
    dataBytes +=
        entryBytes(key, value) - (previous == null ? 0 : entryBytes(key, previous.value()));
    revision = next;
    return next;
  }

  /**
   * Removes {@code key}; a missing key still counts as a write. Only the apply thread calls this.
   */
  public DeleteResult delete(String key) {
    long next = revision + 1;
    Versioned previous = map.remove(key);
    if (previous != null) {
      dataBytes -= entryBytes(key, previous.value());
    }
    revision = next;
    return new DeleteResult(next, previous != null);
  }

  /** The revision after the last applied write (0 for a new store). */
  public long revision() {
    return revision;
  }

  /** Number of keys. */
  public int size() {
    return map.size();
  }

  /** Bytes of keys (UTF-16 length counted as chars) and values, an estimate of payload size. */
  public long dataBytes() {
    return dataBytes;
  }

  /**
   * Iterates the entries in key order. The iteration is weakly consistent: a consistent point in
   * time only while no write runs, which holds on the apply thread (where snapshots are taken).
   */
  public Iterator<Map.Entry<String, Versioned>> iterator() {
    return map.entrySet().iterator();
  }

  /** Iterates the entries whose key is greater than {@code afterKey}, in key order. */
  public Iterator<Map.Entry<String, Versioned>> iteratorAfter(String afterKey) {
    return map.tailMap(afterKey, false).entrySet().iterator();
  }

  /**
   * Replaces the whole content, as when a snapshot is loaded. Only the apply thread calls this, and
   * only while no reader depends on a consistent view (the state machine is paused).
   */
  public void replaceAll(Map<String, Versioned> entries, long newRevision) {
    map.clear();
    long bytes = 0;
    for (Map.Entry<String, Versioned> e : entries.entrySet()) {
      map.put(e.getKey(), e.getValue());
      bytes += entryBytes(e.getKey(), e.getValue().value());
    }
    dataBytes = bytes;
    revision = newRevision;
  }

  private static long entryBytes(String key, byte[] value) {
    return (long) key.length() + value.length;
  }
}
