package dev.mokv.cli.bench;

import java.util.SplittableRandom;

/**
 * The keys a run draws from: {@code size} keys of exactly {@code keySize} characters, {@code k}
 * followed by the zero-padded index ({@code k0000042}), so that every key of a run has the same
 * length and a bench key is easy to recognise in a store.
 *
 * @param size how many distinct keys
 * @param keySize characters per key; at least {@link #minKeySize(long)}
 * @param sequential whether keys are taken in index order (each once per pass) instead of uniformly
 *     at random; a sequential put of {@code size} requests writes every key once
 */
public record KeySpace(long size, int keySize, boolean sequential) {

  /** Checks the sizes. */
  public KeySpace {
    if (size < 1) {
      throw new IllegalArgumentException("the key space needs at least 1 key, was " + size);
    }
    if (keySize < minKeySize(size)) {
      throw new IllegalArgumentException(
          size
              + " keys need a key size of at least "
              + minKeySize(size)
              + " characters, was "
              + keySize);
    }
  }

  /** The shortest key size that numbers {@code size} keys: the prefix and the digits. */
  public static int minKeySize(long size) {
    return 1 + Long.toString(Math.max(0, size - 1)).length();
  }

  /** The key of {@code index}, which is taken modulo the size. */
  public String key(long index) {
    long n = Math.floorMod(index, size);
    char[] chars = new char[keySize];
    chars[0] = 'k';
    for (int i = keySize - 1; i >= 1; i--) {
      chars[i] = (char) ('0' + n % 10);
      n /= 10;
    }
    return new String(chars);
  }

  /** A key index drawn uniformly from {@code random}. */
  public long uniform(SplittableRandom random) {
    return random.nextLong(size);
  }
}
