package dev.mokv.tests.robustness.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mokv.tests.robustness.history.Operation.Outcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class HistoryTest {

  @TempDir Path dir;

  @Test
  void writeThenRead_returnsTheSameOperations() {
    History history =
        new History(
            List.of(
                Operation.set(1, "k", "v1", -5, 10, Outcome.OK),
                Operation.set(2, "k", "v2", 11, 20, Outcome.UNKNOWN),
                Operation.set(2, "k", "v3", 21, 22, Outcome.FAILED),
                Operation.delete(3, "k", 30, 40, Outcome.OK),
                Operation.get(1, "k", Optional.empty(), 41, 50, Outcome.OK),
                Operation.get(1, "k", Optional.empty(), 51, 60, Outcome.UNKNOWN),
                Operation.staleGet(4, "k", "n2", Optional.of("v1"), 61, 70, Outcome.OK),
                Operation.get(
                    5, "k", Optional.of("v2"), Long.MIN_VALUE, Long.MAX_VALUE, Outcome.OK)));
    Path file = dir.resolve("nested/history.txt");

    history.write(file);

    assertThat(History.read(file)).isEqualTo(history);
  }

  @Test
  void writeThenRead_keepsAwkwardStrings() {
    List<String> awkward =
        List.of("", "-", "%", "%2D", "\"\"", "a b", "tab\there", "line\nbreak", "ünïcödé ✓", "=x");
    List<Operation> ops =
        awkward.stream()
            .map(
                s ->
                    Operation.staleGet(
                        1, s.isEmpty() ? "key" : s, s, Optional.of(s), 0, 1, Outcome.OK))
            .toList();
    Path file = dir.resolve("awkward.txt");

    new History(ops).write(file);

    assertThat(History.read(file).operations()).isEqualTo(ops);
  }

  @Test
  void write_oneLinePerOperationAfterAHeader() throws IOException {
    Path file = dir.resolve("h.txt");

    new History(List.of(Operation.set(3, "k1", "v 1", 1000, 2000, Outcome.OK))).write(file);

    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).startsWith("#");
    assertThat(lines.get(1)).isEqualTo("3 SET k1 v%201 LINEARIZABLE - 1000 2000 OK");
  }

  @Test
  void read_malformedLine_namesTheLine() throws IOException {
    Path file = dir.resolve("bad.txt");
    Files.writeString(file, "# comment\n\n1 SET k v LINEARIZABLE - 0 1 OK\n1 SET k\n");

    assertThatThrownBy(() -> History.read(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad.txt:4");
  }

  @Test
  void read_inconsistentOperation_isRejected() throws IOException {
    Path file = dir.resolve("bad.txt");
    Files.writeString(file, "1 SET k - LINEARIZABLE - 0 1 OK\n");

    assertThatThrownBy(() -> History.read(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad.txt:1")
        .hasMessageContaining("SET needs the value");
  }
}
