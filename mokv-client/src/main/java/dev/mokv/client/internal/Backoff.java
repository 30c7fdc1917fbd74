package dev.mokv.client.internal;

import java.time.Duration;
import java.util.Random;

/**
 * Exponential backoff with jitter between retries: {@code initial * multiplier^(n-1)}, capped at
 * {@code max}, then a random point in its upper half, so clients that failed together do not retry
 * together.
 */
public final class Backoff {

  /** 20 ms first: a leader election takes a few hundred ms, and a lost pick costs nothing. */
  public static final Duration DEFAULT_INITIAL = Duration.ofMillis(20);

  /** 500 ms at most, so a client notices a new leader within half a second of its election. */
  public static final Duration DEFAULT_MAX = Duration.ofMillis(500);

  private final long initialNanos;
  private final long maxNanos;
  private final double multiplier;
  private final Random random;

  /**
   * @param initial the wait before the first retry
   * @param max the longest wait
   * @param multiplier how much each wait grows, at least 1
   * @param random the source of jitter
   */
  public Backoff(Duration initial, Duration max, double multiplier, Random random) {
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("want 0 < initial <= max, was " + initial + ", " + max);
    }
    if (multiplier < 1) {
      throw new IllegalArgumentException("multiplier must be >= 1, was " + multiplier);
    }
    this.initialNanos = initial.toNanos();
    this.maxNanos = max.toNanos();
    this.multiplier = multiplier;
    this.random = random;
  }

  /** The default backoff, with jitter from {@code random}. */
  public static Backoff withDefaults(Random random) {
    return new Backoff(DEFAULT_INITIAL, DEFAULT_MAX, 2, random);
  }

  /** The wait before retry number {@code retry} (1 for the first retry). */
  public long delayNanos(int retry) {
    double base = initialNanos * Math.pow(multiplier, Math.max(0, retry - 1));
    long capped = (long) Math.min(base, maxNanos);
    long half = capped / 2;
    return half + (long) (random.nextDouble() * (capped - half));
  }
}
