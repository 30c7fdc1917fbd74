package dev.mokv.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Key names, sizes and uniform draws. */
@Timeout(30)
class BenchKeySpaceTest {

  @Test
  void when_aKeyIsMade_then_itIsThePrefixAndTheZeroPaddedIndexAtTheKeySize() {
    KeySpace keys = new KeySpace(10_000, 8, false);

    assertThat(keys.key(0)).isEqualTo("k0000000");
    assertThat(keys.key(42)).isEqualTo("k0000042");
    assertThat(keys.key(9_999)).isEqualTo("k0009999");
    assertThat(keys.key(10_000)).as("modulo the size").isEqualTo("k0000000");
  }

  @Test
  void when_theKeySizeIsTheMinimum_then_everyKeyIsDistinct() {
    KeySpace keys = new KeySpace(1000, KeySpace.minKeySize(1000), true);
    Set<String> all = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      all.add(keys.key(i));
    }

    assertThat(KeySpace.minKeySize(1000)).isEqualTo(4);
    assertThat(all).hasSize(1000).allMatch(k -> k.length() == 4);
  }

  @Test
  void when_theKeySizeCannotNumberTheKeys_then_itIsRefused() {
    assertThat(KeySpace.minKeySize(1)).isEqualTo(2);
    assertThat(KeySpace.minKeySize(1_000_000)).isEqualTo(7);
    assertThatThrownBy(() -> new KeySpace(1_000_001, 7, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("1000001 keys need a key size of at least 8 characters, was 7");
  }

  @Test
  void when_drawingUniformly_then_theSameSeedDrawsTheSameKeysAndAllStayInTheSpace() {
    KeySpace keys = new KeySpace(100, 8, false);
    SplittableRandom a = new SplittableRandom(5);
    SplittableRandom b = new SplittableRandom(5);
    Set<Long> seen = new HashSet<>();
    for (int i = 0; i < 2000; i++) {
      long index = keys.uniform(a);
      assertThat(index).isEqualTo(keys.uniform(b)).isBetween(0L, 99L);
      seen.add(index);
    }

    assertThat(seen).as("2000 draws from 100 keys hit every one").hasSize(100);
  }
}
