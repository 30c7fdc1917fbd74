package dev.mokv.server.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.mokv.server.health.Readiness;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The node's HTTP endpoint on {@code metrics-port}: {@code /metrics} (the node's registry in the
 * Prometheus text format, or OpenMetrics when the scraper asks for it), {@code /healthz} (liveness:
 * 200 while the process serves HTTP) and {@code /readyz} (200 when the node should get client
 * traffic, else 503 with the reason on one line; the same rule as gRPC health).
 */
public final class MetricsEndpoint implements AutoCloseable {

  /**
   * Scrapes and probes are few and short; two threads keep one slow scrape from blocking probes.
   */
  private static final int THREADS = 2;

  private final HttpServer server;
  private final ExecutorService executor;

  private MetricsEndpoint(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Binds {@code host:port} and starts serving.
   *
   * @param readiness the node's current readiness, read on each {@code /readyz}
   * @throws IOException if the port cannot be bound
   */
  public static MetricsEndpoint start(
      String host, int port, PrometheusRegistry registry, Supplier<Readiness> readiness)
      throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
    ExecutorService executor =
        Executors.newFixedThreadPool(
            THREADS,
            r -> {
              Thread t = new Thread(r, "mokv-metrics-" + port);
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/metrics", new MetricsHandler(registry));
    server.createContext("/healthz", exchange -> reply(exchange, 200, "ok"));
    server.createContext(
        "/readyz",
        exchange -> {
          Readiness now = readiness.get();
          reply(
              exchange,
              now.ready() ? 200 : 503,
              now.ready() ? "ready" : "not ready: " + now.reason());
        });
    server.createContext("/", exchange -> reply(exchange, 404, "see /metrics, /healthz, /readyz"));
    server.start();
    return new MetricsEndpoint(server, executor);
  }

  /** The bound port. */
  public int port() {
    return server.getAddress().getPort();
  }

  private static void reply(HttpExchange exchange, int status, String line) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      byte[] body = (line + "\n").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
      if (method.equals("HEAD")) {
        exchange.sendResponseHeaders(status, -1);
        return;
      }
      exchange.sendResponseHeaders(status, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /** Stops serving at once; scrapes in progress are cut off. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
