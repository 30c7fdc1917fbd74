package dev.mokv.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ClientOptionsTest {

  @Test
  void of_setsEndpoints_andDefaultsTheRest() {
    ClientOptions options = ClientOptions.of("127.0.0.1:8400");
    assertThat(options.endpoints()).containsExactly("127.0.0.1:8400");
    assertThat(options.timeout()).isEqualTo(ClientOptions.DEFAULT_TIMEOUT);
    assertThat(options.readConsistency()).isEqualTo(ReadConsistency.LINEARIZABLE);
    assertThat(options.refreshInterval()).isEqualTo(ClientOptions.DEFAULT_REFRESH_INTERVAL);
    assertThat(options.readRouting()).isEqualTo(ReadRouting.FOLLOWERS);
  }

  @Test
  void endpoints_acceptCommaSeparatedLists() {
    ClientOptions options = ClientOptions.builder().endpoints("a:1, b:2", "[::1]:3").build();
    assertThat(options.endpoints()).containsExactly("a:1", "b:2", "[::1]:3");
  }

  @Test
  void toBuilder_keepsEveryOption() {
    ClientOptions options =
        ClientOptions.builder()
            .endpoints("a:1")
            .timeout(Duration.ofSeconds(2))
            .readConsistency(ReadConsistency.STALE)
            .refreshInterval(Duration.ofSeconds(3))
            .readRouting(ReadRouting.LEADER)
            .build();
    assertThat(options.toBuilder().build()).hasToString(options.toString());
  }

  @Test
  void build_withoutEndpoints_fails() {
    assertThatThrownBy(() -> ClientOptions.builder().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("endpoints: at least one host:port is required");
  }

  @Test
  void build_withBadEndpoint_failsNamingIt() {
    assertThatThrownBy(() -> ClientOptions.builder().endpoints("a:1,nonsense").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bad endpoint 'nonsense': want host:port");
  }

  @Test
  void build_withNonPositiveDurations_fails() {
    assertThatThrownBy(
            () -> ClientOptions.builder().endpoints("a:1").timeout(Duration.ZERO).build())
        .hasMessage("timeout must be positive, was PT0S");
    assertThatThrownBy(
            () ->
                ClientOptions.builder()
                    .endpoints("a:1")
                    .refreshInterval(Duration.ofSeconds(-1))
                    .build())
        .hasMessage("refreshInterval must be positive, was PT-1S");
  }
}
