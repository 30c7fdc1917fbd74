package dev.mokv.server.grpc;

import com.google.protobuf.ByteString;
import dev.mokv.api.GetResponse;
import dev.mokv.server.kv.KvStore;
import dev.mokv.server.kv.KvStore.Versioned;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.Iterator;
import java.util.Map;

/**
 * Streams the store in key order with gRPC flow control: it writes only while the transport is
 * ready, so a client that stops reading holds a cursor, not the whole store in memory.
 *
 * <p>gRPC allows the ready handler to be set only while the call is first dispatched, so the stream
 * is attached at once and {@link #begin()} starts it later, once the read barrier passed.
 */
final class ListStream implements Runnable {

  private final KvStore store;
  private final ServerCallStreamObserver<GetResponse> response;
  private Iterator<Map.Entry<String, Versioned>> entries;
  private boolean done;

  private ListStream(KvStore store, ServerCallStreamObserver<GetResponse> response) {
    this.store = store;
    this.response = response;
  }

  static ListStream attach(KvStore store, StreamObserver<GetResponse> observer) {
    ServerCallStreamObserver<GetResponse> response =
        (ServerCallStreamObserver<GetResponse>) observer;
    ListStream stream = new ListStream(store, response);
    response.setOnReadyHandler(stream);
    response.setOnCancelHandler(stream::cancel);
    return stream;
  }

  /** Starts streaming from the store's current content. */
  synchronized void begin() {
    entries = store.iterator();
    run();
  }

  /** Ends the call with an error instead of streaming. */
  synchronized void fail(RuntimeException error) {
    if (!done) {
      done = true;
      response.onError(error);
    }
  }

  private synchronized void cancel() {
    done = true;
  }

  @Override
  public synchronized void run() {
    if (done || entries == null) {
      return;
    }
    while (response.isReady() && entries.hasNext()) {
      Map.Entry<String, Versioned> e = entries.next();
      response.onNext(
          GetResponse.newBuilder()
              .setKey(e.getKey())
              .setValue(ByteString.copyFrom(e.getValue().value()))
              .setRevision(e.getValue().revision())
              .build());
    }
    if (!entries.hasNext()) {
      done = true;
      response.onCompleted();
    }
  }
}
