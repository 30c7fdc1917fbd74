package dev.mokv.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mokv.cli.bench.BenchSpec;
import dev.mokv.cli.bench.Workload;
import dev.mokv.client.ReadConsistency;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** {@code mokv bench} options: defaults, every option, and the command lines it refuses. */
@Timeout(30)
class BenchOptionsTest {

  private static BenchSpec parse(String... args) {
    CommandLine cli = new CommandLine(new BenchCommand());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.parseArgs(args);
    return ((BenchCommand) cli.getCommand()).toSpec();
  }

  @Test
  void when_onlyTheWorkloadIsGiven_then_theDefaultsAreEtcdsStandardRun() {
    BenchSpec spec = parse("put");

    assertThat(spec.workload()).isEqualTo(Workload.PUT);
    assertThat(spec.endpoints()).containsExactly("127.0.0.1:8400");
    assertThat(spec.connections()).isEqualTo(1);
    assertThat(spec.concurrency()).isEqualTo(16);
    assertThat(spec.counted()).isFalse();
    assertThat(spec.duration()).isEqualTo(Duration.ofSeconds(10));
    assertThat(spec.warmup()).isEqualTo(Duration.ofSeconds(5));
    assertThat(spec.keys().size()).isEqualTo(10_000);
    assertThat(spec.keys().keySize()).isEqualTo(8);
    assertThat(spec.keys().sequential()).isFalse();
    assertThat(spec.valueSize()).isEqualTo(256);
    assertThat(spec.consistency()).isEqualTo(ReadConsistency.LINEARIZABLE);
    assertThat(spec.readRatio()).isEqualTo(0.5);
    assertThat(spec.preload()).isTrue();
    assertThat(spec.timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(spec.waitForVoters()).isZero();
  }

  @Test
  void when_everyOptionIsGiven_then_theSpecHoldsThem() {
    BenchSpec spec =
        parse(
            "MIXED",
            "--endpoints",
            "10.0.0.1:1,10.0.0.2:2",
            "--connections",
            "3",
            "--concurrency",
            "256",
            "--total",
            "5000",
            "--warmup",
            "0",
            "--keys",
            "1000000",
            "--key-size",
            "12",
            "--value-size",
            "100",
            "--sequential-keys",
            "--consistency",
            "stale",
            "--read-ratio",
            "0.9",
            "--seed",
            "42",
            "--no-preload",
            "--timeout",
            "2s",
            "--wait-for-voters",
            "3",
            "--wait-timeout",
            "2m");

    assertThat(spec.workload()).isEqualTo(Workload.MIXED);
    assertThat(spec.endpoints()).isEqualTo(List.of("10.0.0.1:1", "10.0.0.2:2"));
    assertThat(spec.connections()).isEqualTo(3);
    assertThat(spec.concurrency()).isEqualTo(256);
    assertThat(spec.counted()).isTrue();
    assertThat(spec.total()).isEqualTo(5000);
    assertThat(spec.warmup()).isZero();
    assertThat(spec.keys().size()).isEqualTo(1_000_000);
    assertThat(spec.keys().keySize()).isEqualTo(12);
    assertThat(spec.keys().sequential()).isTrue();
    assertThat(spec.valueSize()).isEqualTo(100);
    assertThat(spec.consistency()).isEqualTo(ReadConsistency.STALE);
    assertThat(spec.readRatio()).isEqualTo(0.9);
    assertThat(spec.seed()).isEqualTo(42);
    assertThat(spec.preload()).isFalse();
    assertThat(spec.timeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(spec.waitForVoters()).isEqualTo(3);
    assertThat(spec.waitTimeout()).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void when_durationAndWarmupAreGiven_then_bothAreGoStyleDurations() {
    BenchSpec spec = parse("get", "--duration", "1m30s", "--warmup", "500ms");

    assertThat(spec.duration()).isEqualTo(Duration.ofSeconds(90));
    assertThat(spec.warmup()).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void when_noSeedIsGiven_then_eachRunDrawsItsOwn() {
    assertThat(parse("put").seed()).isNotEqualTo(parse("put").seed());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "put --total 10 --duration 5s | --total and --duration exclude each other",
        "put --total 0 | --total must be at least 1",
        "mixed --read-ratio 1.5 | read ratio must be within 0 and 1",
        "get --keys 1000000 --key-size 6 | 1000000 keys need a key size of at least 7",
        "put --concurrency 0 | concurrency must be at least 1",
        "put --connections 0 | connections must be at least 1",
        "put --keys 0 | the key space needs at least 1 key",
        "put --value-size -1 | value size must not be negative",
        "put --endpoints nohost | --endpoints:",
        "put --warmup 5 | want a duration like 500ms",
        "scan | Invalid value for positional parameter at index 0 (WORKLOAD)",
        "get --consistency eventual | Invalid value for option '--consistency'"
      })
  void when_theCommandLineIsWrong_then_exit2NamesTheProblem(String args, String message) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int code =
        Main.run(
            new PrintWriter(out, true), new PrintWriter(err, true), ("bench " + args).split(" "));

    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).startsWith("mokv bench: ").contains(message);
    assertThat(out.toString()).isEmpty();
  }
}
