package dev.mokv.cli.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A mökv node's Raft progress, from its {@code /metrics}: whether it leads, the store revision (one
 * per applied write command) and the applied log index (one per applied log entry). Between two
 * samples of the leader, revisions over entries is how many write commands a Raft log entry carried
 * on average: the effect of write batching.
 *
 * @param leader whether {@code mokv_raft_is_leader} was 1
 * @param revision {@code mokv_store_revision}
 * @param appliedIndex {@code mokv_raft_applied_index}
 */
record RaftProgress(boolean leader, long revision, long appliedIndex) {

  private static final String QUERY =
      "name[]=mokv_raft_is_leader&name[]=mokv_store_revision&name[]=mokv_raft_applied_index";
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  /**
   * The three gauges of a Prometheus text scrape.
   *
   * @throws IllegalArgumentException naming a gauge the scrape lacks or a value that is not a
   *     number
   */
  static RaftProgress parse(String metricsText) {
    return new RaftProgress(
        gauge(metricsText, "mokv_raft_is_leader") == 1,
        gauge(metricsText, "mokv_store_revision"),
        gauge(metricsText, "mokv_raft_applied_index"));
  }

  /**
   * Scrapes a node's {@code /metrics} URL.
   *
   * @throws IOException naming the URL if it did not answer 200 with the three gauges
   */
  static RaftProgress scrape(HttpClient http, URI metrics)
      throws IOException, InterruptedException {
    URI uri = URI.create(metrics + (metrics.getQuery() == null ? "?" : "&") + QUERY);
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(metrics + " answered HTTP " + response.statusCode());
    }
    try {
      return parse(response.body());
    } catch (IllegalArgumentException e) {
      throw new IOException(metrics + ": " + e.getMessage(), e);
    }
  }

  /** The value of the unlabelled sample {@code name}, as a whole number. */
  private static long gauge(String text, String name) {
    for (String line : text.split("\n")) {
      if (line.startsWith(name + " ")) {
        String value = line.substring(name.length() + 1).strip().split(" ")[0];
        try {
          return (long) Double.parseDouble(value);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(name + " has the value '" + value + "'", e);
        }
      }
    }
    throw new IllegalArgumentException("no sample of " + name);
  }
}
