package dev.mokv.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InitialMemberTest {

  @Test
  void parse_nameEqualsAddress_roundTrips() {
    InitialMember member = InitialMember.parse("node2=10.0.0.2:8402");

    assertThat(member).isEqualTo(new InitialMember("node2", new HostPort("10.0.0.2", 8402)));
    assertThat(member.toString()).isEqualTo("node2=10.0.0.2:8402");
  }

  @Test
  void parse_withoutEquals_rejected() {
    assertThatThrownBy(() -> InitialMember.parse("10.0.0.2:8402"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("must be name=host:port, was '10.0.0.2:8402'");
  }

  @Test
  void parse_badAddress_saysItIsTheAddress() {
    assertThatThrownBy(() -> InitialMember.parse("node2=10.0.0.2:0"))
        .hasMessage("address port must be 1..65535, was 0");
  }

  @Test
  void parse_badName_rejected() {
    assertThatThrownBy(() -> InitialMember.parse("-x=h:1"))
        .hasMessageStartingWith("name must match ")
        .hasMessageEndingWith("was '-x'");
  }
}
