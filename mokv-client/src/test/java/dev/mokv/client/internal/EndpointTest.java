package dev.mokv.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class EndpointTest {

  @ParameterizedTest
  @CsvSource({
    "127.0.0.1:8400, 127.0.0.1, 8400",
    "localhost:1, localhost, 1",
    "node-1.example.com:65535, node-1.example.com, 65535",
    "[::1]:8400, ::1, 8400",
    "[fe80::1%eth0]:80, fe80::1%eth0, 80",
  })
  void parse_acceptsHostPort(String text, String host, int port) {
    Endpoint e = Endpoint.parse(text);
    assertThat(e).isEqualTo(new Endpoint(host, port));
    assertThat(e.toString()).isEqualTo(text);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''                 | want host:port",
        "localhost          | want host:port",
        ":8400              | want host:port",
        "localhost:         | the port must be a number",
        "localhost:0        | the port must be 1..65535, was 0",
        "localhost:65536    | the port must be 1..65535",
        "localhost:http     | the port must be a number",
        "::1:8400           | write an IPv6 host in brackets",
        "[::1]8400          | want [ipv6]:port",
        "[localhost]:8400   | brackets are only for IPv6",
        "http://h:1         | want host:port",
        "a b:1              | want host:port",
      })
  void parse_rejectsOtherText_namingIt(String text, String why) {
    assertThatThrownBy(() -> Endpoint.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("bad endpoint '" + text + "'")
        .hasMessageContaining(why.strip());
  }

  @Test
  void parseList_splitsOnCommas_ignoringBlanks() {
    assertThat(Endpoint.parseList(" a:1, b:2 ,,c:3"))
        .containsExactly(new Endpoint("a", 1), new Endpoint("b", 2), new Endpoint("c", 3));
  }

  @Test
  void parseList_ofNothing_fails() {
    assertThatThrownBy(() -> Endpoint.parseList(" , "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no endpoint given");
  }
}
