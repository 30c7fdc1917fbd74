package dev.mokv.cli;

import dev.mokv.client.MokvClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code mokv set KEY [VALUE]}: the value comes from the argument, or from stdin if omitted. */
@Command(
    name = "set",
    mixinStandardHelpOptions = true,
    description = "Write a key. Without VALUE, the value is read from standard input.")
final class SetCommand extends ClientCommand {

  @Parameters(index = "0", paramLabel = "KEY")
  String key;

  @Parameters(index = "1", paramLabel = "VALUE", arity = "0..1")
  String value;

  @Override
  int run(MokvClient client, PrintWriter out) {
    byte[] bytes = value != null ? value.getBytes(StandardCharsets.UTF_8) : readStdin();
    long revision = client.set(key, bytes);
    out.println(output == Output.json ? "{\"ok\":true,\"revision\":" + revision + "}" : "OK");
    out.flush();
    return ExitCodes.OK;
  }

  private static byte[] readStdin() {
    try {
      return System.in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the value from standard input", e);
    }
  }
}
