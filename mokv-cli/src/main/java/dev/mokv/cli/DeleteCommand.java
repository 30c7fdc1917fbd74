package dev.mokv.cli;

import dev.mokv.client.MokvClient;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code mokv delete KEY}: deleting a missing key succeeds. */
@Command(name = "delete", description = "Delete a key; deleting a missing key succeeds.")
final class DeleteCommand extends ClientCommand {

  @Parameters(index = "0", paramLabel = "KEY")
  String key;

  @Override
  int run(MokvClient client, PrintWriter out) {
    long revision = client.delete(key);
    out.println(output == Output.json ? "{\"ok\":true,\"revision\":" + revision + "}" : "OK");
    return ExitCodes.OK;
  }
}
