package dev.mokv.tests.harness;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One real {@code mokv} process started from the runnable jar with a YAML config, its output
 * captured to a file. Stopped with SIGTERM (graceful) or SIGKILL (a crash).
 */
public final class NodeProcess implements AutoCloseable {

  private final String name;
  private final Path configFile;
  private final Path logFile;
  private final List<String> jvmArgs = new ArrayList<>();
  private Process process;

  public NodeProcess(String name, Path configFile, Path logFile) {
    this.name = name;
    this.configFile = configFile;
    this.logFile = logFile;
  }

  /** The runnable jar, as built by mokv-cli in this reactor (or -Dmokv.jar). */
  public static Path jar() {
    Path jar = Path.of(System.getProperty("mokv.jar", "../mokv-cli/target/mokv.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "runnable jar not found at " + jar.toAbsolutePath() + "; build mokv-cli first");
    }
    return jar;
  }

  /** Adds JVM options (before {@code -jar}) for every later start. */
  public NodeProcess withJvmArgs(String... args) {
    jvmArgs.addAll(List.of(args));
    return this;
  }

  /** The operating system's process id. */
  public long pid() {
    return process.pid();
  }

  /** SIGSTOP: the process freezes, as in a long GC pause or a stalled VM; its sockets stay open. */
  public void pause() throws IOException, InterruptedException {
    signal("STOP");
  }

  /** SIGCONT after {@link #pause()}. */
  public void resume() throws IOException, InterruptedException {
    signal("CONT");
  }

  private void signal(String name) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).start();
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new IOException("kill -" + name + " " + process.pid() + " failed");
    }
  }

  /** Starts the process; extra arguments are appended to the command line. */
  public NodeProcess start(String... extraArgs) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-XX:+UseSerialGC");
    command.add("-XX:TieredStopAtLevel=1");
    command.addAll(jvmArgs);
    command.add("-jar");
    command.add(jar().toString());
    command.add("--config-file");
    command.add(configFile.toString());
    command.addAll(List.of(extraArgs));
    process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
            .start();
    return this;
  }

  public String name() {
    return name;
  }

  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** SIGKILL: the process gets no chance to clean up. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM, then waits for the exit code (bounded). */
  public int terminate() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException(name + " did not stop within 60 s of SIGTERM");
    }
    return process.exitValue();
  }

  /** Waits for the process to exit by itself (bounded) and returns its exit code. */
  public int awaitExit(long seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      throw new IllegalStateException(name + " still running after " + seconds + " s");
    }
    return process.exitValue();
  }

  /** Everything the process printed so far. */
  public String output() throws IOException {
    File f = logFile.toFile();
    return f.exists() ? Files.readString(logFile, StandardCharsets.UTF_8) : "";
  }

  @Override
  public void close() throws InterruptedException {
    if (isAlive()) {
      kill();
    }
  }
}
