package dev.mokv.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.NameResolver;
import io.grpc.SynchronizationContext;
import io.grpc.Uri;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ServerListResolverProviderTest {

  private static final ScheduledExecutorService SCHEDULER =
      Executors.newSingleThreadScheduledExecutor();

  private final ServerListResolverProvider provider =
      new ServerListResolverProvider(Duration.ofSeconds(10), Duration.ofSeconds(1));

  @AfterAll
  static void stopScheduler() {
    SCHEDULER.shutdownNow();
  }

  @Test
  void target_roundTripsEndpointsThroughBothUriParsers() throws Exception {
    List<Endpoint> endpoints =
        List.of(
            Endpoint.parse("127.0.0.1:8400"),
            Endpoint.parse("[::1]:8401"),
            Endpoint.parse("node-3.local:8402"));
    String target = ServerListResolverProvider.target(endpoints);
    assertThat(target).isEqualTo("mokv:///127.0.0.1:8400,%5B::1%5D:8401,node-3.local:8402");
    // java.net.URI, and RFC 3986 (grpc's default, which converts back to java.net.URI).
    assertThat(provider.newNameResolver(new URI(target), args()).getServiceAuthority())
        .isEqualTo("127.0.0.1:8400");
    assertThat(provider.newNameResolver(Uri.parse(target), args())).isNotNull();
  }

  @Test
  void authorityForm_isAcceptedWhereTheUriParserAllowsIt() throws Exception {
    NameResolver resolver =
        provider.newNameResolver(new URI("mokv://127.0.0.1:8400,127.0.0.1:8401"), args());
    assertThat(resolver.getServiceAuthority()).isEqualTo("127.0.0.1:8400");
    assertThat(provider.newNameResolver(Uri.parse("mokv://localhost:8400"), args())).isNotNull();
  }

  @Test
  void otherScheme_isNotOurs() throws Exception {
    assertThat(provider.newNameResolver(new URI("dns:///localhost:8400"), args())).isNull();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "mokv:///                       | bad target",
        "mokv:///localhost              | bad endpoint 'localhost': want host:port",
        "mokv:///127.0.0.1:0            | the port must be 1..65535, was 0",
        "mokv:///127.0.0.1:99999        | the port must be 1..65535, was 99999",
        "mokv:///127.0.0.1:http         | the port must be a number",
        "mokv:///::1:8400               | write an IPv6 host in brackets",
        "mokv:///a:1,,b:x               | bad endpoint 'b:x'",
        "mokv://127.0.0.1:1/extra       | bad target",
      })
  void badTarget_failsNamingWhatIsWrong(String target, String message) {
    assertThatThrownBy(() -> provider.newNameResolver(new URI(target.strip()), args()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message.strip());
  }

  static NameResolver.Args args() {
    return NameResolver.Args.newBuilder()
        .setDefaultPort(8400)
        .setProxyDetector(address -> null)
        .setSynchronizationContext(new SynchronizationContext((t, e) -> {}))
        .setScheduledExecutorService(SCHEDULER)
        .setServiceConfigParser(
            new NameResolver.ServiceConfigParser() {
              @Override
              public NameResolver.ConfigOrError parseServiceConfig(Map<String, ?> config) {
                return null;
              }
            })
        .build();
  }
}
