package dev.mokv.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.mokv.api.GetRequest;
import dev.mokv.api.GetResponse;
import dev.mokv.api.KVGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/** The request interceptors against an in-process server whose answer the key decides. */
@Timeout(30)
class RpcMetricsTest {

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger requestLogger = (Logger) LoggerFactory.getLogger(RequestLog.class);
  private Server server;
  private ManagedChannel channel;
  private RpcMetrics metrics;
  private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();

  /** "ok" answers, "missing" is NOT_FOUND, "broken" INTERNAL, "slow" after 60 ms, "hang" never. */
  private final class ScriptedKv extends KVGrpc.KVImplBase {
    @Override
    public void get(GetRequest request, StreamObserver<GetResponse> response) {
      Runnable answer =
          () -> {
            response.onNext(GetResponse.newBuilder().setKey(request.getKey()).build());
            response.onCompleted();
          };
      switch (request.getKey()) {
        case "missing" -> response.onError(Status.NOT_FOUND.asRuntimeException());
        case "broken" ->
            response.onError(Status.INTERNAL.withDescription("boom").asRuntimeException());
        case "hang" -> {}
        case "slow" -> later.schedule(answer, 60, TimeUnit.MILLISECONDS);
        default -> answer.run();
      }
    }
  }

  @BeforeEach
  void start() throws Exception {
    metrics = RpcMetrics.register(registry);
    String name = InProcessServerBuilder.generateName();
    server =
        InProcessServerBuilder.forName(name)
            .directExecutor()
            .addService(
                ServerInterceptors.intercept(
                    new ScriptedKv(), metrics, new RequestLog(Duration.ofMillis(50))))
            .build()
            .start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    logs.start();
    requestLogger.addAppender(logs);
    requestLogger.setLevel(Level.DEBUG);
  }

  @AfterEach
  void stop() {
    requestLogger.detachAppender(logs);
    requestLogger.setLevel(null);
    channel.shutdownNow();
    server.shutdownNow();
    later.shutdownNow();
  }

  private void get(String key) {
    KVGrpc.newBlockingStub(channel).get(GetRequest.newBuilder().setKey(key).build());
  }

  private MetricSnapshot metric(String name) {
    return registry.scrape().stream()
        .filter(s -> s.getMetadata().getPrometheusName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private double requests(String code) {
    return ((CounterSnapshot) metric("mokv_rpc_requests"))
        .getDataPoints().stream()
            .filter(p -> p.getLabels().equals(Labels.of("method", "api.KV/Get", "code", code)))
            .mapToDouble(CounterSnapshot.CounterDataPointSnapshot::getValue)
            .sum();
  }

  private double inFlight() {
    return ((GaugeSnapshot) metric("mokv_rpc_requests_in_flight"))
        .getDataPoints()
        .get(0)
        .getValue();
  }

  @Test
  void interceptor_countsEachCallByMethodAndCode_andTimesIt() {
    get("ok");
    get("ok");
    assertThatThrownBy(() -> get("missing")).isInstanceOf(StatusRuntimeException.class);

    assertThat(requests("OK")).isEqualTo(2);
    assertThat(requests("NOT_FOUND")).isEqualTo(1);
    HistogramSnapshot latency = (HistogramSnapshot) metric("mokv_rpc_request_duration_seconds");
    assertThat(latency.getDataPoints()).hasSize(1);
    assertThat(latency.getDataPoints().get(0).getCount()).isEqualTo(3);
    assertThat(latency.getDataPoints().get(0).getClassicBuckets().size())
        .isEqualTo(RpcMetrics.LATENCY_BUCKETS.length + 1);
    assertThat(inFlight()).isZero();
    assertThat(metrics.requestCounts()).containsExactly(java.util.Map.entry("api.KV/Get", 3L));
  }

  @Test
  void interceptor_cancelledCall_isCountedOnce_andLeavesNothingInFlight() {
    assertThatThrownBy(
            () ->
                KVGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(50, TimeUnit.MILLISECONDS)
                    .get(GetRequest.newBuilder().setKey("hang").build()))
        .isInstanceOf(StatusRuntimeException.class);

    await().atMost(Duration.ofSeconds(5)).until(() -> requests("CANCELLED") == 1);
    assertThat(inFlight()).isZero();
  }

  @Test
  void requestLog_fastSuccess_isDebug() {
    get("ok");

    assertThat(logs.list).hasSize(1);
    assertThat(logs.list.get(0).getLevel()).isEqualTo(Level.DEBUG);
    assertThat(logs.list.get(0).getFormattedMessage())
        .matches("api\\.KV/Get OK in \\d+\\.\\d{3} ms from .+");
  }

  @Test
  void requestLog_slowRequest_isWarn() {
    get("slow");

    assertThat(logs.list)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getLevel()).isEqualTo(Level.WARN);
              assertThat(e.getFormattedMessage()).contains("api.KV/Get OK in").endsWith("(slow)");
            });
  }

  @Test
  void requestLog_internalError_isWarnWithTheDescription() {
    assertThatThrownBy(() -> get("broken")).isInstanceOf(StatusRuntimeException.class);

    assertThat(logs.list)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getLevel()).isEqualTo(Level.WARN);
              assertThat(e.getFormattedMessage())
                  .contains("api.KV/Get INTERNAL in")
                  .endsWith(": boom");
            });
  }

  @Test
  void requestLog_notFound_isOnlyDebug() {
    assertThatThrownBy(() -> get("missing")).isInstanceOf(StatusRuntimeException.class);

    assertThat(logs.list)
        .singleElement()
        .satisfies(e -> assertThat(e.getLevel()).isEqualTo(Level.DEBUG));
  }
}
