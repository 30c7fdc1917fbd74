package dev.mokv.cli;

import dev.mokv.cli.output.Json;
import dev.mokv.client.KeyValue;
import dev.mokv.client.MokvClient;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code mokv list}: every key and value in key order. */
@Command(name = "list", description = "List every key and value, in key order.")
final class ListCommand extends ClientCommand {

  @Override
  int run(MokvClient client, PrintWriter out) {
    List<KeyValue> all = client.list();
    if (output == Output.json) {
      out.print("[");
      for (int i = 0; i < all.size(); i++) {
        KeyValue kv = all.get(i);
        out.print(
            (i > 0 ? "," : "")
                + "{\"key\":"
                + Json.quote(kv.key())
                + ",\"value\":"
                + Json.quote(kv.valueAsString())
                + ",\"revision\":"
                + kv.revision()
                + "}");
      }
      out.println("]");
    } else {
      for (KeyValue kv : all) {
        out.println(kv.key() + "\t" + kv.valueAsString());
      }
    }
    return ExitCodes.OK;
  }
}
