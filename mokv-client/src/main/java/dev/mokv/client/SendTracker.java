package dev.mokv.client;

import io.grpc.ClientStreamTracer;
import io.grpc.Metadata;

/**
 * Records whether a call's request message was ever handed to a transport, over all its attempts
 * (grpc's own transparent retries included). If it never was, no server can have received it, so
 * the call's failure says for certain that a write was not applied.
 *
 * <p>grpc already retries by itself the attempts it knows never reached a server (a refused stream,
 * a connection that closed before the stream started); this covers the failures it hands up.
 */
final class SendTracker extends ClientStreamTracer.Factory {

  private volatile boolean sent;

  @Override
  public ClientStreamTracer newClientStreamTracer(
      ClientStreamTracer.StreamInfo info, Metadata headers) {
    return new ClientStreamTracer() {
      @Override
      public void outboundMessageSent(int seqNo, long wireSize, long uncompressedSize) {
        sent = true;
      }
    };
  }

  /** Whether a request message was written to a transport; conservative: true once written. */
  boolean requestSent() {
    return sent;
  }
}
