package dev.mokv.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code mokv} command. With no verb it runs a node (as the Go mökv does: {@code mokv
 * --config-file example/config.yaml}); the verbs are client commands.
 */
@Command(
    name = "mokv",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "A distributed, in-memory key-value store replicated by Raft.",
    subcommands = {
      AgentCommand.class,
      GetCommand.class,
      SetCommand.class,
      DeleteCommand.class,
      ListCommand.class,
      ServersCommand.class,
      MemberCommand.class,
      LeaveCommand.class,
      BenchCommand.class,
      CompareTableCommand.class
    })
public final class Main implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin NodeOptions node;

  private final InputStream stdin;

  private Main(InputStream stdin) {
    this.stdin = stdin;
  }

  @Override
  public Integer call() throws InterruptedException {
    return NodeRunner.run(node, spec.commandLine().getErr());
  }

  /** Where {@code mokv set KEY} without a value reads the value from. */
  InputStream stdin() {
    return stdin;
  }

  /** Runs the command line with the process's streams; returns the exit code. */
  public static int run(String... args) {
    return run(
        System.in,
        new PrintWriter(System.out, true, StandardCharsets.UTF_8),
        new PrintWriter(System.err, true, StandardCharsets.UTF_8),
        args);
  }

  /** Runs the command line with standard input from the process; returns the exit code. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    return run(System.in, out, err, args);
  }

  /**
   * Runs the command line and returns its exit code: 0 ok, 1 failed (or key not found), 2 usage.
   * Errors are one line on {@code err}, never a stack trace.
   */
  public static int run(InputStream in, PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new Main(in));
    cli.setOut(out);
    cli.setErr(err);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setParameterExceptionHandler(
        (e, badArgs) -> {
          String name = e.getCommandLine().getCommandSpec().qualifiedName();
          PrintWriter usageErr = e.getCommandLine().getErr();
          usageErr.println(name + ": " + oneLine(e.getMessage()) + " (see '" + name + " --help')");
          usageErr.flush();
          return ExitCodes.USAGE;
        });
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          String message = e.getMessage() != null ? e.getMessage() : e.toString();
          String name = commandLine.getCommandSpec().qualifiedName();
          commandLine.getErr().println(name + ": " + oneLine(message));
          commandLine.getErr().flush();
          return ExitCodes.FAILED;
        });
    return cli.execute(args);
  }

  private static String oneLine(String message) {
    return message.strip().replaceAll("\\s*\\R\\s*", " ");
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }
}
