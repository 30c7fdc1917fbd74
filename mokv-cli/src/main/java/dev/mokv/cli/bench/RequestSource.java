package dev.mokv.cli.bench;

import java.util.concurrent.CompletableFuture;

/** Sends the requests of one workload; the {@link LoadGenerator} calls it once per request. */
@FunctionalInterface
public interface RequestSource {

  /**
   * Sends one request for {@code slot} and returns at once. The future completes with the outcome,
   * or exceptionally with the failure (see {@link ErrorLabels}). Must not block: it is called on
   * the threads that complete earlier requests.
   */
  CompletableFuture<Outcome> send(Slot slot);
}
