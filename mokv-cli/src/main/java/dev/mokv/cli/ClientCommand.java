package dev.mokv.cli;

import dev.mokv.client.ClientOptions;
import dev.mokv.client.MokvClient;
import dev.mokv.client.MokvException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * What every client verb shares: endpoints, timeout, output format, and turning a failure into one
 * line on standard error and exit code 1.
 */
@Command(
    mixinStandardHelpOptions = true,
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:the key was not found, or the request failed (one line on stderr says why)",
      "2:the command line was wrong"
    })
abstract class ClientCommand implements Callable<Integer> {

  enum Output {
    simple,
    json
  }

  /**
   * grpc logs each failed name resolution as a WARNING through java.util.logging; a command reports
   * the failure once, itself. Held here because java.util.logging keeps loggers weakly.
   */
  private static final Logger GRPC_LOG = Logger.getLogger("io.grpc");

  @Spec CommandSpec spec;

  @Option(
      names = "--endpoints",
      paramLabel = "HOST:PORT,...",
      defaultValue = "127.0.0.1:8400",
      description =
          "Client addresses of one or more nodes; the others are discovered"
              + " (default: ${DEFAULT-VALUE}).")
  String endpoints;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "5s",
      converter = DurationConverter.class,
      description = "Deadline of the request, retries included: 500ms, 5s, 1m (default: 5s).")
  Duration timeout;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "simple",
      description = "simple or json (default: ${DEFAULT-VALUE}).")
  Output output;

  @Override
  public final Integer call() {
    ClientOptions options;
    try {
      options = ClientOptions.builder().endpoints(endpoints).timeout(timeout).build();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--endpoints: " + e.getMessage());
    }
    GRPC_LOG.setLevel(Level.OFF);
    PrintWriter out = spec.commandLine().getOut();
    try (MokvClient client = MokvClient.connect(options)) {
      return run(client, out);
    } catch (MokvException e) {
      return fail(e.code() + ": " + e.getMessage());
    } finally {
      out.flush();
    }
  }

  /** Runs the verb; returns the exit code. */
  abstract int run(MokvClient client, PrintWriter out);

  /** Prints {@code message} as the one line of an error; returns exit code 1. */
  final int fail(String message) {
    PrintWriter err = spec.commandLine().getErr();
    err.println("mokv " + spec.name() + ": " + message.replaceAll("\\R", " "));
    err.flush();
    return ExitCodes.FAILED;
  }
}
