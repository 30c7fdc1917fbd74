package dev.mokv.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class BackoffTest {

  @Test
  void delay_growsExponentially_upToTheCap_withJitterInTheUpperHalf() {
    long seed = System.nanoTime();
    System.out.println("BackoffTest seed: " + seed);
    Backoff backoff =
        new Backoff(Duration.ofMillis(20), Duration.ofMillis(500), 2, new Random(seed));
    long[] expected = {20, 40, 80, 160, 320, 500, 500, 500};
    for (int retry = 1; retry <= expected.length; retry++) {
      long full = TimeUnit.MILLISECONDS.toNanos(expected[retry - 1]);
      for (int sample = 0; sample < 100; sample++) {
        assertThat(backoff.delayNanos(retry)).as("retry %d", retry).isBetween(full / 2, full);
      }
    }
  }

  @Test
  void delay_isJittered() {
    long seed = System.nanoTime();
    System.out.println("BackoffTest seed: " + seed);
    Backoff backoff = Backoff.withDefaults(new Random(seed));
    assertThat(java.util.stream.IntStream.range(0, 50).mapToLong(i -> backoff.delayNanos(3)))
        .doesNotHaveDuplicates();
  }

  @Test
  void badSettings_areRejected() {
    assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), 2, new Random(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 2, new Random(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new Backoff(Duration.ofMillis(1), Duration.ofSeconds(1), 0.5, new Random(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
