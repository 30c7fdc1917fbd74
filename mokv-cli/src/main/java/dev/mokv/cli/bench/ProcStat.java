package dev.mokv.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The CPU time a process has used, from Linux's {@code /proc/<pid>/stat}: {@code utime} plus {@code
 * stime} (fields 14 and 15), in clock ticks ({@code getconf CLK_TCK}), summed over all its threads.
 */
final class ProcStat {

  /** Fields after the command name start with field 3 ({@code state}). */
  private static final int FIRST_FIELD_AFTER_NAME = 3;

  private static final int UTIME = 14;
  private static final int STIME = 15;

  private ProcStat() {}

  /**
   * The user plus system ticks of one {@code stat} line. The command name (field 2) is in
   * parentheses and may itself hold spaces and parentheses, so the fields are counted from the last
   * {@code ')'}.
   *
   * @throws IllegalArgumentException if the line is not a {@code stat} line
   */
  static long cpuTicks(String statLine) {
    int nameEnd = statLine.lastIndexOf(')');
    if (nameEnd < 0) {
      throw new IllegalArgumentException("not a /proc/<pid>/stat line: no ')' after the name");
    }
    String[] fields = statLine.substring(nameEnd + 1).strip().split(" +");
    int stimeAt = STIME - FIRST_FIELD_AFTER_NAME;
    if (fields.length <= stimeAt) {
      throw new IllegalArgumentException(
          "not a /proc/<pid>/stat line: " + (fields.length + 2) + " fields, need " + STIME);
    }
    try {
      long utime = Long.parseLong(fields[UTIME - FIRST_FIELD_AFTER_NAME]);
      long stime = Long.parseLong(fields[stimeAt]);
      if (utime < 0 || stime < 0) {
        throw new IllegalArgumentException("not a /proc/<pid>/stat line: negative CPU ticks");
      }
      return utime + stime;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a /proc/<pid>/stat line: " + e.getMessage(), e);
    }
  }

  /**
   * The CPU ticks process {@code pid} has used so far.
   *
   * @throws IOException naming the pid if there is no such process or its stat cannot be read
   */
  static long cpuTicks(long pid) throws IOException {
    Path stat = Path.of("/proc", Long.toString(pid), "stat");
    String line;
    try {
      line = Files.readString(stat);
    } catch (NoSuchFileException e) {
      throw new IOException("no process " + pid + " (" + stat + " does not exist)", e);
    }
    try {
      return cpuTicks(line);
    } catch (IllegalArgumentException e) {
      throw new IOException(stat + ": " + e.getMessage(), e);
    }
  }

  /**
   * Clock ticks per second from the output of {@code getconf CLK_TCK}.
   *
   * @throws IllegalArgumentException if it is not a positive number
   */
  static long parseClockTicks(String getconfOutput) {
    String text = getconfOutput.strip();
    try {
      long ticks = Long.parseLong(text);
      if (ticks > 0) {
        return ticks;
      }
    } catch (NumberFormatException e) {
      // Reported below.
    }
    throw new IllegalArgumentException("getconf CLK_TCK printed '" + text + "', not a tick rate");
  }
}
