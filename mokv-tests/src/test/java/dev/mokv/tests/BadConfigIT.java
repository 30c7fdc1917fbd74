package dev.mokv.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mokv.tests.harness.NodeProcess;
import dev.mokv.tests.harness.Ports;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A real {@code mokv} process given a bad configuration exits non-zero, naming the key. */
@Timeout(60)
class BadConfigIT {

  @TempDir Path root;

  static Stream<Arguments> badConfigs() {
    return Stream.of(
        Arguments.of("unknown key", "rpc_prot: 8400\n", List.of(), "unknown key 'rpc_prot'"),
        Arguments.of("port 0", "rpc-port: 0\n", List.of(), "rpc-port must be 1..65535, was 0"),
        Arguments.of(
            "port 70000",
            "",
            List.of("--raft-port", "70000"),
            "raft-port must be 1..65535, was 70000"),
        Arguments.of("unwritable data-dir", "data-dir: /proc/mokv\n", List.of(), "data-dir"),
        Arguments.of("bad duration", "election-timeout: soon\n", List.of(), "election-timeout"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badConfigs")
  void badConfig_exitsWithUsageError_namingTheKey(
      String what, String yaml, List<String> flags, String message) throws Exception {
    Path config = root.resolve("bad.yaml");
    Files.writeString(
        config,
        "node-name: bad\nbootstrap: true\ndata-dir: "
            + root.resolve("data")
            + "\nbind-addr: 127.0.0.1:"
            + Ports.free()
            + "\n",
        StandardCharsets.UTF_8);
    // Later keys win in the checks below only if they are not duplicates; write the bad one last.
    String content = Files.readString(config);
    for (String line : yaml.split("\n")) {
      if (!line.isBlank()) {
        String key = line.substring(0, line.indexOf(':'));
        content =
            content
                .lines()
                .filter(l -> !l.startsWith(key + ":"))
                .reduce("", (a, l) -> a + l + "\n");
        content += line + "\n";
      }
    }
    Files.writeString(config, content, StandardCharsets.UTF_8);

    NodeProcess node =
        new NodeProcess("bad", config, root.resolve("bad.log")).start(flags.toArray(String[]::new));
    int exit = node.awaitExit(30);

    assertThat(exit).as("exit code for %s", what).isEqualTo(2);
    assertThat(node.output()).contains("invalid configuration").contains(message);
    assertThat(root.resolve("data"))
        .as("nothing started")
        .satisfiesAnyOf(
            p -> assertThat(p).doesNotExist(), p -> assertThat(Files.list(p)).isEmpty());
  }
}
