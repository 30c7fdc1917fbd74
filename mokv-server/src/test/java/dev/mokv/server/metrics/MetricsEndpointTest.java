package dev.mokv.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mokv.server.health.Readiness;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class MetricsEndpointTest {

  private final HttpClient http = HttpClient.newHttpClient();
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final AtomicReference<Readiness> readiness =
      new AtomicReference<>(Readiness.notReady("starting"));
  private MetricsEndpoint endpoint;

  @BeforeEach
  void start() throws Exception {
    Counter.builder().name("test_things_total").help("Things.").register(registry).inc(3);
    endpoint = MetricsEndpoint.start("127.0.0.1", 0, registry, readiness::get);
  }

  @AfterEach
  void stop() {
    endpoint.close();
  }

  private HttpResponse<String> send(String method, String path, String accept) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + path))
            .timeout(Duration.ofSeconds(5))
            .header("Accept", accept)
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void metrics_servesTheRegistryAsText() throws Exception {
    HttpResponse<String> response = send("GET", "/metrics", "*/*");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain; version=0.0.4"));
    assertThat(response.body()).contains("test_things_total 3.0\n");
  }

  @Test
  void metrics_askedForOpenMetrics_servesOpenMetrics() throws Exception {
    HttpResponse<String> response =
        send("GET", "/metrics", "application/openmetrics-text; version=1.0.0");

    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/openmetrics-text"));
    assertThat(response.body()).contains("test_things_total 3.0\n").endsWith("# EOF\n");
  }

  @Test
  void readyz_followsReadiness_withTheReason() throws Exception {
    HttpResponse<String> starting = send("GET", "/readyz", "*/*");
    readiness.set(Readiness.ok());
    HttpResponse<String> ready = send("GET", "/readyz", "*/*");

    assertThat(starting.statusCode()).isEqualTo(503);
    assertThat(starting.body()).isEqualTo("not ready: starting\n");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.body()).isEqualTo("ready\n");
  }

  @Test
  void healthz_isOkWhateverTheReadiness() throws Exception {
    assertThat(send("GET", "/healthz", "*/*").statusCode()).isEqualTo(200);
    assertThat(send("HEAD", "/healthz", "*/*").statusCode()).isEqualTo(200);
  }

  @Test
  void probes_refuseOtherMethods_andUnknownPathsAre404() throws Exception {
    assertThat(send("POST", "/readyz", "*/*").statusCode()).isEqualTo(405);
    assertThat(send("GET", "/nothing", "*/*").statusCode()).isEqualTo(404);
  }

  @Test
  void close_stopsServing() throws Exception {
    endpoint.close();

    try {
      send("GET", "/healthz", "*/*");
      throw new AssertionError("still serving after close");
    } catch (java.io.IOException expected) {
      // Connection refused: the port is released.
    }
  }
}
