package dev.mokv.tests.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mokv.tests.support.PrometheusText.Family;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(10)
class PrometheusTextTest {

  private static final String VALID =
      String.join(
          "\n",
          "# A free comment",
          "# HELP http_requests_total Requests \\\\ served,\\nby code.",
          "# TYPE http_requests_total counter",
          "http_requests_total{method=\"post\",code=\"200\"} 1027 1395066363000",
          "http_requests_total{method=\"po\\\"st\\\\\\n\",code=\"400\",} 3",
          "",
          "# TYPE temperature gauge",
          "temperature -3.5e2",
          "temperature{room=\"a\"} NaN",
          "# TYPE latency_seconds histogram",
          "latency_seconds_bucket{le=\"0.1\"} 2",
          "latency_seconds_bucket{le=\"1\"} 5",
          "latency_seconds_bucket{le=\"+Inf\"} 6",
          "latency_seconds_sum 3.25",
          "latency_seconds_count 6",
          "# TYPE rpc_seconds summary",
          "rpc_seconds{quantile=\"0.5\"} 0.01",
          "rpc_seconds{quantile=\"0.99\"} +Inf",
          "rpc_seconds_sum 1.5",
          "rpc_seconds_count 100",
          "untyped_thing\t.5",
          "");

  @Test
  void parse_validExposition_readsEveryFamily() {
    Map<String, Family> families = PrometheusText.parse(VALID);

    assertThat(families.keySet())
        .containsExactly(
            "http_requests_total",
            "temperature",
            "latency_seconds",
            "rpc_seconds",
            "untyped_thing");
    Family requests = families.get("http_requests_total");
    assertThat(requests.type()).isEqualTo("counter");
    assertThat(requests.help()).isEqualTo("Requests \\ served,\nby code.");
    assertThat(requests.samples()).hasSize(2);
    assertThat(requests.samples().get(1).labels())
        .containsEntry("method", "po\"st\\\n")
        .containsEntry("code", "400");
    assertThat(families.get("temperature").samples().get(0).value()).isEqualTo(-350.0);
    assertThat(families.get("temperature").samples().get(1).value()).isNaN();
    assertThat(families.get("latency_seconds").samples()).hasSize(5);
    assertThat(families.get("rpc_seconds").samples().get(1).value()).isInfinite();
    assertThat(families.get("untyped_thing").type()).isEqualTo("untyped");
  }

  @Test
  void parse_empty_hasNoFamilies() {
    assertThat(PrometheusText.parse("")).isEmpty();
  }

  @Test
  void parse_noFinalLineFeed_isRejected() {
    assertThatThrownBy(() -> PrometheusText.parse("a 1"))
        .isInstanceOf(MalformedExpositionException.class)
        .hasMessageContaining("line feed");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          bad metric name         | 1a 1                                    | metric name
          bad label name          | a{1x="v"} 1                              | label name
          reserved label          | a{__name__="v"} 1                        | reserved
          unquoted label value    | a{x=v} 1                                 | expected '\"'
          bad escape              | a{x="\\t"} 1                             | invalid escape
          unterminated labels     | a{x="v" 1                                | expected ',' or '}'
          duplicate label         | a{x="1",x="2"} 1                         | duplicate label
          missing value           | a                                        | expected a blank
          bad value               | a 1,5                                    | invalid value
          bad timestamp           | a 1 12.5                                 | invalid timestamp
          trailing text           | a 1 2 3                                  | unexpected text
          duplicate series        | a{x="1"} 1\\na{x="1"} 2                  | duplicate series
          unknown type            | # TYPE a number\\na 1                    | TYPE must be
          second type             | # TYPE a gauge\\n# TYPE a gauge\\na 1    | second TYPE
          type after samples      | a 1\\n# TYPE a gauge                     | after its samples
          interleaved families    | a 1\\nb 1\\na{x="y"} 2                   | not together
          negative counter        | # TYPE c_total counter\\nc_total -1      | negative
          bare histogram sample   | # TYPE h histogram\\nh 1                  | not a sample name
          bucket without le       | # TYPE h histogram\\nh_bucket 1          | no le label
          no +Inf bucket          | # TYPE h histogram\\nh_bucket{le="1"} 1\\nh_count 1 | +Inf
          not cumulative          | # TYPE h histogram\\nh_bucket{le="1"} 2\\nh_bucket{le="+Inf"} 1\\nh_count 1 | cumulative
          inf bucket != count     | # TYPE h histogram\\nh_bucket{le="+Inf"} 2\\nh_count 3 | != count
          summary without quantile| # TYPE s summary\\ns 1                   | no quantile
          quantile out of range   | # TYPE s summary\\ns{quantile="2"} 1     | must be in [0, 1]
          bad help escape         | # HELP a x\\ty\\na 1                     | HELP text
          """)
  void parse_malformed_isRejectedWithTheLine(String what, String text, String message) {
    String exposition = text.replace("\\n", "\n") + "\n";

    assertThatThrownBy(() -> PrometheusText.parse(exposition))
        .as(what)
        .isInstanceOf(MalformedExpositionException.class)
        .hasMessageContaining(message);
  }
}
