package dev.mokv.tests.robustness.check;

/**
 * The set of search configurations (which operations are linearized, register value) already
 * visited, each kept as a 128-bit Zobrist hash.
 *
 * <p>Storing the hash instead of the configuration keeps a visited state at 16 bytes (about 40 with
 * the table's slack) however long the history, and lets the search update it in O(1) per step. Two
 * distinct configurations collide with probability 2<sup>-128</sup> per pair, so the chance of any
 * collision among the default budget of five million states is below 2<sup>-80</sup>. A collision
 * could only make the search skip a branch, and so report a violation, never hide one.
 */
final class ConfigurationMemo {

  private long[] high;
  private long[] low;
  private boolean containsZero; // (0, 0) marks an empty slot, so it is tracked apart
  private int size;
  private int mask;

  ConfigurationMemo() {
    allocate(1 << 10);
  }

  /** Adds the hash {@code (h, l)}; returns false if it was already present. */
  boolean add(long h, long l) {
    if (h == 0 && l == 0) {
      boolean added = !containsZero;
      containsZero = true;
      return added;
    }
    int i = slot(h, l);
    while (high[i] != 0 || low[i] != 0) {
      if (high[i] == h && low[i] == l) {
        return false;
      }
      i = (i + 1) & mask;
    }
    high[i] = h;
    low[i] = l;
    if (++size > (mask + 1) / 4 * 3) {
      grow();
    }
    return true;
  }

  private int slot(long h, long l) {
    // The halves are already uniformly random; mixing guards against inputs that are not.
    long x = h ^ Long.rotateLeft(l, 32);
    x ^= x >>> 29;
    x *= 0xBF58476D1CE4E5B9L;
    x ^= x >>> 32;
    return (int) x & mask;
  }

  private void grow() {
    long[] oldHigh = high;
    long[] oldLow = low;
    allocate(oldHigh.length * 2);
    for (int i = 0; i < oldHigh.length; i++) {
      if (oldHigh[i] != 0 || oldLow[i] != 0) {
        int j = slot(oldHigh[i], oldLow[i]);
        while (high[j] != 0 || low[j] != 0) {
          j = (j + 1) & mask;
        }
        high[j] = oldHigh[i];
        low[j] = oldLow[i];
      }
    }
  }

  private void allocate(int capacity) {
    high = new long[capacity];
    low = new long[capacity];
    mask = capacity - 1;
  }
}
