package dev.mokv.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * Whatever the config code writes, it reads back unchanged; whatever it is fed, it fails cleanly.
 */
class ConfigRoundTripTest {

  @Property
  void hostPort_parseOfToString_isIdentity(@ForAll("hostPorts") HostPort hp) {
    assertThat(HostPort.parse(hp.toString())).isEqualTo(hp);
  }

  @Property
  void initialMember_parseOfToString_isIdentity(
      @ForAll("nodeNames") String name, @ForAll("hostPorts") HostPort hp) {
    InitialMember member = new InitialMember(name, hp);

    assertThat(InitialMember.parse(member.toString())).isEqualTo(member);
  }

  @Property
  void duration_parseOfFormat_isIdentity(@ForAll @LongRange(min = 0) long nanos) {
    Duration d = Duration.ofNanos(nanos);

    assertThat(ConfigValues.parseDuration(ConfigValues.formatDuration(d))).isEqualTo(d);
  }

  @Property
  void duration_wholeUnits_roundTrip(
      @ForAll @IntRange(min = 0, max = 100_000) int amount, @ForAll("durationUnits") String unit) {
    Duration d = ConfigValues.parseDuration(amount + unit);

    assertThat(ConfigValues.parseDuration(ConfigValues.formatDuration(d))).isEqualTo(d);
  }

  @Property
  void duration_isoText_parsesAsJavaDoes(
      @ForAll long seconds, @ForAll @IntRange(min = 0, max = 999_999_999) int nanos) {
    Duration d = Duration.ofSeconds(seconds, nanos);

    assertThat(ConfigValues.parseDuration(d.toString())).isEqualTo(d);
  }

  @Property
  void size_parseOfFormat_isIdentity(@ForAll @LongRange(min = 0) long bytes) {
    assertThat(ConfigValues.parseSize(ConfigValues.formatSize(bytes))).isEqualTo(bytes);
  }

  @Property
  void size_withAnyUnit_roundTrips(
      @ForAll @IntRange(min = 0, max = 1 << 20) int amount, @ForAll("sizeUnits") String unit) {
    long bytes = ConfigValues.parseSize(amount + unit);

    assertThat(ConfigValues.parseSize(ConfigValues.formatSize(bytes))).isEqualTo(bytes);
  }

  /** Arbitrary input never escapes as anything but the documented IllegalArgumentException. */
  @Property
  void parsers_anyText_returnOrThrowIllegalArgument(@ForAll("junk") String text) {
    for (Runnable parse :
        new Runnable[] {
          () -> HostPort.parse(text),
          () -> InitialMember.parse(text),
          () -> ConfigValues.parseDuration(text),
          () -> ConfigValues.parseSize(text),
          () -> ConfigValues.parseInt(text)
        }) {
      try {
        parse.run();
      } catch (IllegalArgumentException expected) {
        assertThat(expected.getMessage()).isNotBlank();
      }
    }
  }

  @Provide
  Arbitrary<HostPort> hostPorts() {
    Arbitrary<String> host = Arbitraries.oneOf(nodeNames(), ipv4(), ipv6());
    Arbitrary<Integer> port = Arbitraries.integers().between(1, 65535);
    return Combinators.combine(host, port).as(HostPort::new);
  }

  @Provide
  Arbitrary<String> nodeNames() {
    Arbitrary<String> first = Arbitraries.strings().alpha().numeric().ofLength(1);
    Arbitrary<String> rest =
        Arbitraries.strings().alpha().numeric().withChars('.', '_', '-').ofMaxLength(62);
    return Combinators.combine(first, rest).as(String::concat);
  }

  private static Arbitrary<String> ipv4() {
    return Arbitraries.integers()
        .between(0, 255)
        .list()
        .ofSize(4)
        .map(parts -> String.join(".", parts.stream().map(String::valueOf).toList()));
  }

  private static Arbitrary<String> ipv6() {
    Arbitrary<String> full =
        Arbitraries.integers()
            .between(0, 0xffff)
            .list()
            .ofSize(8)
            .map(g -> String.join(":", g.stream().map(Integer::toHexString).toList()));
    return Arbitraries.oneOf(full, Arbitraries.of("::1", "::", "fe80::1%eth0", "2001:db8::7"));
  }

  @Provide
  Arbitrary<String> durationUnits() {
    return Arbitraries.of("ns", "us", "µs", "ms", "s", "m", "h");
  }

  @Provide
  Arbitrary<String> sizeUnits() {
    return Arbitraries.of("", "B", "K", "KB", "KiB", "kib", "M", "MB", "MiB", "G", "GB", "GiB");
  }

  @Provide
  Arbitrary<String> junk() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(30),
        Arbitraries.strings().withChars("0123456789.:[]%=abPTHMSms-+ ").ofMaxLength(20));
  }
}
