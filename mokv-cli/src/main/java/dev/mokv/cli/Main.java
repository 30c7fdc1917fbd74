package dev.mokv.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code mokv} command. With no verb it runs a node (as the Go mökv does:
 * {@code mokv --config-file example/config.yaml}); the verbs are client commands.
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
      ServersCommand.class
    })
public final class Main implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin NodeOptions node;

  @Override
  public Integer call() throws InterruptedException {
    return NodeRunner.run(node, spec.commandLine().getErr());
  }


  /** Runs the command line and returns its exit code (0 ok, 1 failed, 2 usage). */
  public static int run(String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          commandLine.getErr().println("mokv: " + e.getMessage());
          return ExitCodes.FAILED;
        });
    return cli.execute(args);
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }
}
