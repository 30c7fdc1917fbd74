package dev.mokv.cli;

import dev.mokv.cli.bench.CompareSide;
import dev.mokv.cli.bench.CompareTable;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mokv bench-compare-table DIR CELL...}: the table of {@code make bench-compare}, from the
 * JSON its cells left in {@code DIR} ({@code mokv-CELL.json} and {@code etcd-CELL.json}). Hidden: a
 * part of {@code bench/compare.sh}.
 */
@Command(
    name = "bench-compare-table",
    hidden = true,
    mixinStandardHelpOptions = true,
    description = "Print the mokv/etcd comparison table of the cells' JSON in DIR.")
final class CompareTableCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "Where the cells' JSON is.")
  Path dir;

  @Parameters(index = "1..*", paramLabel = "CELL", description = "Cell names, in table order.")
  List<String> cells;

  @Option(
      names = "--json",
      paramLabel = "FILE",
      description = "Also write the rows, ratios included, as a JSON array to FILE.")
  Path json;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<CompareTable.Row> rows = new ArrayList<>();
    boolean any = false;
    for (String cell : cells) {
      CompareSide mokv = read(dir.resolve("mokv-" + cell + ".json"), err);
      CompareSide etcd = read(dir.resolve("etcd-" + cell + ".json"), err);
      any |= mokv != null || etcd != null;
      rows.add(new CompareTable.Row(cell, mokv, etcd));
    }
    out.print(CompareTable.format(rows));
    out.flush();
    if (json != null) {
      Files.writeString(json, CompareTable.json(rows) + "\n", StandardCharsets.UTF_8);
    }
    if (!any) {
      err.println("mokv bench-compare-table: no cell in " + dir + " has figures");
      err.flush();
      return ExitCodes.FAILED;
    }
    return ExitCodes.OK;
  }

  /** A side's figures, or null (with a note) when its run left no usable JSON. */
  private static CompareSide read(Path file, PrintWriter err) throws IOException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      err.println("mokv bench-compare-table: " + file + " is missing");
      return null;
    }
    if (text.isBlank()) {
      err.println("mokv bench-compare-table: " + file + " is empty (its run failed)");
      return null;
    }
    try {
      return CompareSide.parse(text);
    } catch (IllegalArgumentException e) {
      err.println("mokv bench-compare-table: " + file + ": " + e.getMessage());
      return null;
    }
  }
}
