package dev.mokv.server.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class PauseThresholdTest {

  @Test
  void parse_unset_isLongerThanAnyPause() {
    assertThat(PauseThreshold.parse(null).toLong(TimeUnit.DAYS)).isGreaterThanOrEqualTo(3650);
  }

  @Test
  void parse_seconds_isThatThreshold() {
    assertThat(PauseThreshold.parse(" 5 ").toLong(TimeUnit.MILLISECONDS)).isEqualTo(5_000);
  }

  @Test
  void parse_notAPositiveNumber_namesThePropertyAndTheValue() {
    for (String bad : new String[] {"0", "-3", "5s", ""}) {
      assertThatThrownBy(() -> PauseThreshold.parse(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(PauseThreshold.PROPERTY)
          .hasMessageContaining("'" + bad + "'");
    }
  }
}
