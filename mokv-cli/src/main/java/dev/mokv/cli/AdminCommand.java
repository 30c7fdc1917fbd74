package dev.mokv.cli;

import dev.mokv.api.ClusterGrpc;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * What the membership verbs share: they call the {@code api.Cluster} service of exactly one node (a
 * leave acts on the node that receives it), with a deadline, and turn a failure into one line on
 * standard error and exit code 1.
 */
@Command(
    mixinStandardHelpOptions = true,
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:the request failed (one line on stderr says why)",
      "2:the command line was wrong"
    })
abstract class AdminCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--endpoints",
      paramLabel = "HOST:PORT",
      defaultValue = "127.0.0.1:8400",
      description = "Client address of the node to ask (default: ${DEFAULT-VALUE}).")
  String endpoints;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "30s",
      converter = DurationConverter.class,
      description = "Deadline of the request: 10s, 1m (default: 30s).")
  Duration timeout;

  @Override
  public final Integer call() {
    HostAndPort target = parseEndpoint();
    ManagedChannel channel =
        NettyChannelBuilder.forAddress(target.host(), target.port()).usePlaintext().build();
    PrintWriter out = spec.commandLine().getOut();
    try {
      ClusterGrpc.ClusterBlockingStub stub =
          ClusterGrpc.newBlockingStub(channel)
              .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return run(stub, out);
    } catch (StatusRuntimeException e) {
      String description = e.getStatus().getDescription();
      return fail(e.getStatus().getCode() + (description == null ? "" : ": " + description));
    } finally {
      out.flush();
      channel.shutdownNow();
    }
  }

  /** Runs the verb against the node's Cluster service; returns the exit code. */
  abstract int run(ClusterGrpc.ClusterBlockingStub cluster, PrintWriter out);

  /** Prints {@code message} as the one line of an error; returns exit code 1. */
  final int fail(String message) {
    PrintWriter err = spec.commandLine().getErr();
    err.println("mokv " + spec.qualifiedName().replaceFirst("^mokv ", "") + ": " + message);
    err.flush();
    return ExitCodes.FAILED;
  }

  private record HostAndPort(String host, int port) {}

  private HostAndPort parseEndpoint() {
    String value = endpoints.strip();
    if (value.contains(",")) {
      throw new ParameterException(
          spec.commandLine(), "--endpoints: give exactly one node's HOST:PORT, was " + endpoints);
    }
    int colon = value.lastIndexOf(':');
    try {
      if (colon > 0) {
        int port = Integer.parseInt(value.substring(colon + 1));
        if (port >= 1 && port <= 65535) {
          return new HostAndPort(value.substring(0, colon), port);
        }
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ParameterException(
        spec.commandLine(),
        "--endpoints: expected HOST:PORT with a port 1..65535, was " + endpoints);
  }
}
