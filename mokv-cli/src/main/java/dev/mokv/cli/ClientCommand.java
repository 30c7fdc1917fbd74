package dev.mokv.cli;

import dev.mokv.client.ClientOptions;
import dev.mokv.client.MokvClient;
import dev.mokv.client.MokvException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** What every client verb shares: endpoints, timeout, output format, error handling. */
abstract class ClientCommand implements Callable<Integer> {

  enum Output {
    simple,
    json
  }

  @Spec CommandSpec spec;

  @Option(
      names = "--endpoints",
      paramLabel = "HOST:PORT,...",
      defaultValue = "127.0.0.1:8400",
      description = "Client addresses of cluster nodes (default: ${DEFAULT-VALUE}).")
  String endpoints;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "5s",
      description = "Deadline of the request, e.g. 500ms, 5s (default: ${DEFAULT-VALUE}).")
  String timeout;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "simple",
      description = "simple or json (default: ${DEFAULT-VALUE}).")
  Output output;

  @Override
  public final Integer call() {
    ClientOptions options =
        ClientOptions.builder().endpoints(endpointList()).timeout(parseTimeout()).build();
    try (MokvClient client = MokvClient.connect(options)) {
      return run(client, spec.commandLine().getOut());
    } catch (MokvException e) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("mokv: " + e.code() + ": " + e.getMessage());
      err.flush();
      return ExitCodes.FAILED;
    }
  }

  abstract int run(MokvClient client, PrintWriter out);

  private List<String> endpointList() {
    List<String> list =
        Arrays.stream(endpoints.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    if (list.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "--endpoints must name at least one node");
    }
    return list;
  }

  private Duration parseTimeout() {
    try {
      String t = timeout.trim().toLowerCase();
      if (t.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
      }
      if (t.endsWith("s")) {
        return Duration.ofMillis((long) (Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
      }
      if (t.endsWith("m")) {
        return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)) * 60);
      }
      return Duration.parse(timeout);
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new ParameterException(
          spec.commandLine(), "--timeout must be a duration like 500ms or 5s, was '" + timeout + "'");
    }
  }
}
