package dev.mokv.cli;

import dev.mokv.client.MokvClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code mokv set KEY [VALUE]}: the value comes from the argument, or from stdin if omitted. */
@Command(
    name = "set",
    description = {
      "Write a key, once a majority of the cluster has it.",
      "Without VALUE, the value is read from standard input, byte for byte."
    })
final class SetCommand extends ClientCommand {

  @ParentCommand Main main;

  @Parameters(index = "0", paramLabel = "KEY")
  String key;

  @Parameters(index = "1", paramLabel = "VALUE", arity = "0..1")
  String value;

  @Override
  int run(MokvClient client, PrintWriter out) {
    byte[] bytes;
    try {
      bytes = value != null ? value.getBytes(StandardCharsets.UTF_8) : main.stdin().readAllBytes();
    } catch (IOException e) {
      return fail("cannot read the value from standard input: " + e.getMessage());
    }
    long revision = client.set(key, bytes);
    out.println(output == Output.json ? "{\"ok\":true,\"revision\":" + revision + "}" : "OK");
    return ExitCodes.OK;
  }
}
