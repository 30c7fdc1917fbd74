package dev.mokv.server.membership;

import io.scalecube.cluster.transport.api.Message;
import io.scalecube.cluster.transport.api.Transport;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A transport whose outgoing traffic can be cut off while it keeps running.
 *
 * <p>Why: ScaleCube's {@code shutdown()} always gossips a graceful leave before it stops, and
 * {@link Membership#close()} promises peers a silent stop. Muting the transport first sends that
 * gossip nowhere. Stopping the transport first instead makes ScaleCube log a warning for every
 * message it still tries to send during shutdown.
 */
final class MutableTransport implements Transport {

  private final Transport delegate;
  private final AtomicBoolean muted;

  /**
   * @param muted shared switch; once true, sends are dropped and requests never answered
   */
  MutableTransport(Transport delegate, AtomicBoolean muted) {
    this.delegate = delegate;
    this.muted = muted;
  }

  @Override
  public String address() {
    return delegate.address();
  }

  @Override
  public Mono<Transport> start() {
    // ScaleCube keeps the instance start() emits; it must be this wrapper, not the delegate.
    return delegate.start().thenReturn(this);
  }

  @Override
  public Mono<Void> stop() {
    return delegate.stop();
  }

  @Override
  public boolean isStopped() {
    return delegate.isStopped();
  }

  @Override
  public Mono<Void> send(String address, Message message) {
    return Mono.defer(() -> muted.get() ? Mono.empty() : delegate.send(address, message));
  }

  @Override
  public Mono<Message> requestResponse(String address, Message request) {
    // Callers bound every request with their own timeout, as they would for a lost message.
    return Mono.defer(
        () -> muted.get() ? Mono.never() : delegate.requestResponse(address, request));
  }

  @Override
  public Flux<Message> listen() {
    return delegate.listen();
  }
}
