package dev.mokv.server.raft;

import dev.mokv.server.raft.proto.Command;
import java.io.Closeable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes this node's client (gRPC) address through the Raft log, retrying until it is committed,
 * so that every replica's {@link PublishedAddresses} can name it.
 */
final class AddressPublisher implements Closeable {

  private static final Logger log = LoggerFactory.getLogger(AddressPublisher.class);

  private final String nodeName;
  private final String rpcAddress;
  private final PublishedAddresses addresses;
  private final Function<Command, CompletableFuture<?>> write;
  private final ScheduledExecutorService background;

  AddressPublisher(
      String nodeName,
      String rpcAddress,
      PublishedAddresses addresses,
      Function<Command, CompletableFuture<?>> write) {
    this.nodeName = nodeName;
    this.rpcAddress = rpcAddress;
    this.addresses = addresses;
    this.write = write;
    this.background =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "mokv-consensus-" + nodeName);
              t.setDaemon(true);
              return t;
            });
  }

  /** Starts publishing in the background; returns at once. */
  void start() {
    background.execute(this::publish);
  }

  private void publish() {
    if (addresses.rpcAddress(nodeName).filter(rpcAddress::equals).isPresent()) {
      return;
    }
    write
        .apply(Commands.publishMember(nodeName, rpcAddress))
        .whenComplete(
            (result, error) -> {
              if (error != null && !background.isShutdown()) {
                log.debug("Publishing rpc address failed, retrying: {}", error.toString());
                background.schedule(this::publish, 300, TimeUnit.MILLISECONDS);
              }
            });
  }

  @Override
  public void close() {
    background.shutdownNow();
  }
}
