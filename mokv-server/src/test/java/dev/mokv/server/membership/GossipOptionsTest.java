package dev.mokv.server.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class GossipOptionsTest {

  private static final MemberMetadata N1 =
      new MemberMetadata("n1", "127.0.0.1:8400", "127.0.0.1:8402", "");

  private static GossipTimings withPing(Duration interval, Duration timeout, int suspicionMult) {
    GossipTimings local = GossipTimings.local();
    return new GossipTimings(
        interval,
        timeout,
        suspicionMult,
        local.gossipInterval(),
        local.syncInterval(),
        local.syncTimeout(),
        local.connectTimeout(),
        local.metadataTimeout(),
        local.leaveTimeout());
  }

  @Test
  void presets_areValid() {
    assertThat(GossipTimings.lan().pingInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(GossipTimings.local().pingInterval()).isEqualTo(Duration.ofMillis(500));
    assertThat(GossipTimings.local().suspicionMult()).isEqualTo(3);
  }

  @Test
  void timings_fasterThanFlappingLimits_areRejected() {
    assertThatThrownBy(() -> withPing(Duration.ofMillis(200), Duration.ofMillis(100), 3))
        .hasMessageContaining("pingInterval must be >= 500 ms, was 200 ms");
    assertThatThrownBy(() -> withPing(Duration.ofMillis(500), Duration.ofMillis(250), 2))
        .hasMessageContaining("suspicionMult must be >= 3, was 2");
    assertThatThrownBy(() -> withPing(Duration.ofMillis(500), Duration.ofMillis(500), 3))
        .hasMessageContaining("pingTimeout must be > 0 and < pingInterval");
  }

  @Test
  void seeds_malformed_areRejectedNamingTheValue() {
    assertThatThrownBy(() -> GossipOptions.loopback(N1, List.of("127.0.0.1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'127.0.0.1'");
    assertThatThrownBy(() -> GossipOptions.loopback(N1, List.of("127.0.0.1:0")))
        .hasMessageContaining("1..65535");
    assertThatThrownBy(() -> GossipOptions.loopback(N1, List.of("::1:7946")))
        .hasMessageContaining("host:port");
    assertThat(GossipOptions.loopback(N1, List.of("[::1]:7946")).seeds())
        .containsExactly("[::1]:7946");
  }

  @Test
  void wildcardBind_withoutExternalHost_isRejected() {
    assertThatThrownBy(
            () -> new GossipOptions("0.0.0.0", 7946, null, List.of(), N1, GossipTimings.lan()))
        .hasMessageContaining("externalHost is required");
    assertThat(
            new GossipOptions("0.0.0.0", 7946, "10.0.0.5", List.of(), N1, GossipTimings.lan())
                .advertisedHost())
        .isEqualTo("10.0.0.5");
  }

  @Test
  void metadata_badValues_areRejected() {
    assertThatThrownBy(() -> new MemberMetadata(" ", "h:1", "h:2", ""))
        .hasMessageContaining("nodeName must not be blank");
    assertThatThrownBy(() -> new MemberMetadata("n\n1", "h:1", "h:2", ""))
        .hasMessageContaining("control characters");
    assertThatThrownBy(() -> new MemberMetadata("n1", "h", "h:2", ""))
        .hasMessageContaining("rpcAddress must be host:port");
    assertThatThrownBy(() -> new MemberMetadata("n1", "h:1", "h:2", "\uD800"))
        .hasMessageContaining("clusterId is not valid Unicode");
  }
}
