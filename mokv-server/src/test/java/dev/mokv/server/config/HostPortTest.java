package dev.mokv.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostPortTest {

  @Test
  void parse_ipv4_splitsHostAndPort() {
    assertThat(HostPort.parse("127.0.0.1:8401")).isEqualTo(new HostPort("127.0.0.1", 8401));
  }

  @Test
  void parse_hostName_keepsNameUnresolved() {
    HostPort hp = HostPort.parse("node-1.example.internal:65535");

    assertThat(hp.host()).isEqualTo("node-1.example.internal");
    assertThat(hp.port()).isEqualTo(65535);
  }

  @Test
  void parse_bracketedIpv6_dropsBrackets() {
    HostPort hp = HostPort.parse("[::1]:8401");

    assertThat(hp).isEqualTo(new HostPort("::1", 8401));
    assertThat(hp.toString()).isEqualTo("[::1]:8401");
  }

  @Test
  void parse_ipv6WithZone_accepted() {
    assertThat(HostPort.parse("[fe80::1%eth0]:1").host()).isEqualTo("fe80::1%eth0");
  }

  @Test
  void toString_ipv4_isHostColonPort() {
    assertThat(new HostPort("10.0.0.7", 1).toString()).isEqualTo("10.0.0.7:1");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "host",
        ":8401",
        "host:",
        "host:abc",
        "host:+80",
        "host:-1",
        "host:123456",
        " host:80",
        "host :80",
        "http://host:80",
        "[::1]8401",
        "[::1:8401",
        "[]:80",
        "host:80:90"
      })
  void parse_malformed_rejectedNamingTheText(String text) {
    assertThatThrownBy(() -> HostPort.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + text + "'");
  }

  @Test
  void parse_unbracketedIpv6_rejectedWithHint() {
    assertThatThrownBy(() -> HostPort.parse("::1:8401"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "must be host:port (write an IPv6 host in brackets, [::1]:8401), was '::1:8401'");
  }

  @Test
  void parse_bracketsAroundName_rejected() {
    assertThatThrownBy(() -> HostPort.parse("[localhost]:80"))
        .hasMessageContaining("brackets are only for IPv6 addresses");
  }

  @ParameterizedTest
  @ValueSource(strings = {"host:0", "host:65536", "host:70000", "[::1]:0"})
  void parse_portOutOfRange_rejected(String text) {
    assertThatThrownBy(() -> HostPort.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("port must be 1..65535, was ");
  }

  @Test
  void constructor_badHost_rejected() {
    assertThatThrownBy(() -> new HostPort("a b", 80))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("host must be a host name or an IP address, was 'a b'");
  }

  @Test
  void constructor_portZero_rejected() {
    assertThatThrownBy(() -> new HostPort("localhost", 0))
        .hasMessage("port must be 1..65535, was 0");
  }
}
