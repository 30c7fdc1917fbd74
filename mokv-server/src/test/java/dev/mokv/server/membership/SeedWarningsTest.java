package dev.mokv.server.membership;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import java.net.ConnectException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class SeedWarningsTest {

  private static final Exception REFUSED =
      new RuntimeException(new ConnectException("Connection refused: /127.0.0.1:9"));

  private final AtomicLong nanos = new AtomicLong();
  private final AtomicBoolean hasPeers = new AtomicBoolean();
  private final LogCapture log = new LogCapture(SeedWarnings.class);
  private final SeedWarnings warnings =
      new SeedWarnings(
          "n1", Set.of("127.0.0.1:9"), Duration.ofSeconds(10), hasPeers::get, nanos::get);

  @AfterEach
  void detach() {
    log.close();
  }

  @Test
  void connectFailed_seed_warnsOnceInOneLineWithoutStackTrace() {
    warnings.connectFailed("127.0.0.1:9", REFUSED);

    assertThat(log.warnings()).hasSize(1);
    ILoggingEvent warning = log.warnings().get(0);
    assertThat(warning.getFormattedMessage())
        .isEqualTo("[n1] cannot reach seed 127.0.0.1:9 (connection refused); retrying every 10 s");
    assertThat(warning.getThrowableProxy()).isNull();
  }

  @Test
  void connectFailed_repeated_warnsAtMostOncePerInterval() {
    warnings.connectFailed("127.0.0.1:9", REFUSED);
    nanos.addAndGet(SeedWarnings.INTERVAL.toNanos() - 1);
    warnings.connectFailed("127.0.0.1:9", REFUSED);
    assertThat(log.warnings()).hasSize(1);

    nanos.addAndGet(1);
    warnings.connectFailed("127.0.0.1:9", REFUSED);
    assertThat(log.warnings()).hasSize(2);
  }

  @Test
  void connectFailed_nonSeedOrAlreadyJoined_doesNotWarn() {
    warnings.connectFailed("127.0.0.1:10", REFUSED);
    hasPeers.set(true);
    warnings.connectFailed("127.0.0.1:9", REFUSED);

    assertThat(log.warnings()).isEmpty();
  }

  @Test
  void describe_unwrapsAndDropsTheRepeatedAddress() {
    Exception epollRefused =
        new ConnectException("finishConnect(..) failed: Connection refused: /127.0.0.1:9");
    assertThat(SeedWarnings.describe(REFUSED)).isEqualTo("connection refused");
    assertThat(SeedWarnings.describe(new RuntimeException(epollRefused)))
        .isEqualTo("connection refused");
    assertThat(SeedWarnings.describe(new IllegalStateException()))
        .isEqualTo("IllegalStateException");
  }
}
