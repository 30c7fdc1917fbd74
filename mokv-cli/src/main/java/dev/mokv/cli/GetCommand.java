package dev.mokv.cli;

import dev.mokv.cli.output.Json;
import dev.mokv.client.KeyValue;
import dev.mokv.client.MokvClient;
import dev.mokv.client.ReadConsistency;
import java.io.PrintWriter;
import java.util.Base64;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mokv get KEY}: prints the value; exit 1 if the key does not exist. */
@Command(name = "get", description = "Read a key and print its value.")
final class GetCommand extends ClientCommand {

  @Parameters(index = "0", paramLabel = "KEY")
  String key;

  @Option(
      names = "--consistency",
      paramLabel = "LEVEL",
      defaultValue = "LINEARIZABLE",
      description = {
        "linearizable: sees every write acknowledged before the read started (default).",
        "stale: the answering node's local copy, at once; may miss the latest writes."
      })
  ReadConsistency consistency;

  @Override
  int run(MokvClient client, PrintWriter out) {
    Optional<KeyValue> found = client.get(key, consistency);
    if (found.isEmpty()) {
      return fail("key not found: " + key);
    }
    KeyValue kv = found.get();
    if (output == Output.json) {
      out.println(
          "{\"key\":"
              + Json.quote(kv.key())
              + ",\"value\":"
              + Json.quote(kv.valueAsString())
              + ",\"value_base64\":"
              + Json.quote(Base64.getEncoder().encodeToString(kv.value()))
              + ",\"revision\":"
              + kv.revision()
              + "}");
    } else {
      out.println(kv.valueAsString());
    }
    return ExitCodes.OK;
  }
}
