package dev.mokv.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code mokv agent}: runs a node; the same as {@code mokv} with no command. */
@Command(
    name = "agent",
    mixinStandardHelpOptions = true,
    description = "Run a mökv node (the default when no command is given).")
final class AgentCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin NodeOptions node;

  @Override
  public Integer call() throws InterruptedException {
    return NodeRunner.run(node, spec.commandLine().getErr());
  }
}
