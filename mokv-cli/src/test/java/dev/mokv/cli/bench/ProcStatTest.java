package dev.mokv.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Parsing {@code /proc/<pid>/stat} and {@code getconf CLK_TCK}. */
@Timeout(30)
class ProcStatTest {

  /** A real line of a JVM (fields 14 and 15: utime 1234, stime 567). */
  private static final String JAVA =
      "4242 (java) S 1 4242 4242 0 -1 4194560 51822 0 12 0 1234 567 0 0 20 0 41 0"
          + " 86516 4203958272 61733 18446744073709551615 94 95 140 0 0 0 0 4096 16796879 0 0 0"
          + " 17 1 0 0 0 0 0";

  @Test
  void when_aStatLineIsParsed_then_cpuTicksAreUtimePlusStime() {
    assertThat(ProcStat.cpuTicks(JAVA)).isEqualTo(1234 + 567);
  }

  @Test
  void when_theCommandNameHoldsSpacesAndParentheses_then_fieldsAreCountedFromTheLastParenthesis() {
    String tricky = JAVA.replace("(java)", "(my (odd) name 1 2 3)");

    assertThat(ProcStat.cpuTicks(tricky)).isEqualTo(1234 + 567);
  }

  @Test
  void when_theLineIsTruncatedOrNotAStatLine_then_itIsRefusedWithAReason() {
    assertThatThrownBy(() -> ProcStat.cpuTicks("4242 (java) S 1 4242"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("need 15");
    assertThatThrownBy(() -> ProcStat.cpuTicks("hello"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no ')'");
    assertThatThrownBy(() -> ProcStat.cpuTicks(JAVA.replace(" 1234 ", " x ")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a /proc/<pid>/stat line");
  }

  @Test
  void when_thisProcessIsRead_then_itsTicksNeverGoBackwards() throws IOException {
    long pid = ProcessHandle.current().pid();
    long before = ProcStat.cpuTicks(pid);
    long spin = 0;
    for (int i = 0; i < 50_000_000; i++) {
      spin += i ^ (spin >>> 3);
    }
    long after = ProcStat.cpuTicks(pid);

    assertThat(before).isPositive();
    assertThat(after).as("spin %d", spin).isGreaterThanOrEqualTo(before);
  }

  @Test
  void when_theProcessDoesNotExist_then_theErrorNamesIt() {
    assertThatThrownBy(() -> ProcStat.cpuTicks(999_999_999L))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("no process 999999999");
  }

  @Test
  void when_getconfPrintsATickRate_then_itIsRead_andAnythingElseIsRefused() {
    assertThat(ProcStat.parseClockTicks("100\n")).isEqualTo(100);
    assertThatThrownBy(() -> ProcStat.parseClockTicks("undefined\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("getconf CLK_TCK printed 'undefined', not a tick rate");
    assertThatThrownBy(() -> ProcStat.parseClockTicks("0"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
