package dev.mokv.tests.robustness.history;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A recorded history: every operation of a run, in the order they were invoked.
 *
 * <p>{@link #write} and {@link #read} keep it in a text file, one operation a line (see {@link
 * HistoryFormat}), so that a history that failed a check can be kept under {@code target/} and fed
 * to the checker again in a test.
 */
public record History(List<Operation> operations) {

  public History {
    operations = List.copyOf(operations);
  }

  /** Writes this history to {@code file}, replacing it; creates missing parent directories. */
  public void write(Path file) {
    List<String> lines = new ArrayList<>(operations.size() + 1);
    lines.add(HistoryFormat.HEADER);
    for (Operation op : operations) {
      lines.add(HistoryFormat.format(op));
    }
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.write(file, lines, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write history to " + file, e);
    }
  }

  /**
   * Reads a history written by {@link #write}.
   *
   * @throws IllegalArgumentException if a line is malformed; the message names the line number
   */
  public static History read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read history from " + file, e);
    }
    List<Operation> ops = new ArrayList<>(lines.size());
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      try {
        ops.add(HistoryFormat.parse(line));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            file + ":" + (i + 1) + ": " + e.getMessage() + ": " + line, e);
      }
    }
    return new History(ops);
  }
}
