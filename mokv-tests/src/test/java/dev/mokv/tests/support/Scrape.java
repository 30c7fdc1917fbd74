package dev.mokv.tests.support;

import dev.mokv.tests.support.PrometheusText.Family;
import dev.mokv.tests.support.PrometheusText.Sample;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One parsed scrape of a node's {@code /metrics}, with lookups by sample name and labels. */
public final class Scrape {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final Map<String, Family> families;

  private Scrape(Map<String, Family> families) {
    this.families = families;
  }

  /** Fetches {@code http://127.0.0.1:port/metrics} in the text format and parses it strictly. */
  public static Scrape of(int port) {
    HttpResponse<String> response = get(port, "/metrics", "text/plain");
    if (response.statusCode() != 200) {
      throw new IllegalStateException("/metrics answered " + response.statusCode());
    }
    return new Scrape(PrometheusText.parse(response.body()));
  }

  /** A plain GET of {@code path} on the loopback {@code port}. */
  public static HttpResponse<String> get(int port, String path, String accept) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Accept", accept)
            .timeout(Duration.ofSeconds(10))
            .GET()
            .build();
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException("GET " + path + " on port " + port + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public Map<String, Family> families() {
    return families;
  }

  /** Every sample named {@code name}, whichever family it belongs to. */
  public List<Sample> samples(String name) {
    return families.values().stream()
        .flatMap(f -> f.samples().stream())
        .filter(s -> s.name().equals(name))
        .toList();
  }

  /**
   * The value of the sample named {@code name} with exactly these labels, given as name, value,
   * name, value...
   */
  public Optional<Double> value(String name, String... labels) {
    Map<String, String> wanted = new HashMap<>();
    for (int i = 0; i < labels.length; i += 2) {
      wanted.put(labels[i], labels[i + 1]);
    }
    return samples(name).stream()
        .filter(s -> s.labels().equals(wanted))
        .map(Sample::value)
        .findFirst();
  }

  /** Like {@link #value}, failing if the sample is absent. */
  public double require(String name, String... labels) {
    return value(name, labels)
        .orElseThrow(
            () -> new AssertionError("no sample " + name + " " + List.of(labels) + " scraped"));
  }
}
