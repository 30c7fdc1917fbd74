package dev.mokv.cli;

import com.google.protobuf.ByteString;
import dev.mokv.cli.etcdpb.KVGrpc;
import dev.mokv.cli.etcdpb.KeyValue;
import dev.mokv.cli.etcdpb.MaintenanceGrpc;
import dev.mokv.cli.etcdpb.PutRequest;
import dev.mokv.cli.etcdpb.PutResponse;
import dev.mokv.cli.etcdpb.RangeRequest;
import dev.mokv.cli.etcdpb.RangeResponse;
import dev.mokv.cli.etcdpb.ResponseHeader;
import dev.mokv.cli.etcdpb.StatusRequest;
import dev.mokv.cli.etcdpb.StatusResponse;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One member of a fake etcd cluster on a loopback port, for bench tests: the {@code
 * etcdserverpb.KV} Put and Range and {@code Maintenance.Status} of the stubbed subset, over a map
 * that the members of one cluster share. Every request is recorded as received, so that tests can
 * check its shape and where it went.
 */
final class FakeEtcdServer implements AutoCloseable {

  private final io.grpc.Server server;
  private final long memberId;
  private final Map<ByteString, ByteString> store;
  private final AtomicLong revision;
  private volatile long leader;
  private final List<PutRequest> puts = new CopyOnWriteArrayList<>();
  private final List<RangeRequest> ranges = new CopyOnWriteArrayList<>();

  private FakeEtcdServer(
      long memberId, long leader, Map<ByteString, ByteString> store, AtomicLong revision)
      throws IOException {
    this.memberId = memberId;
    this.leader = leader;
    this.store = store;
    this.revision = revision;
    server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(new Kv())
            .addService(new Maintenance())
            .build()
            .start();
  }

  /** A cluster of {@code members} members (ids 1..n) sharing one store; member {@code leader}. */
  static List<FakeEtcdServer> cluster(int members, long leader) throws IOException {
    Map<ByteString, ByteString> store = new ConcurrentHashMap<>();
    AtomicLong revision = new AtomicLong(1);
    FakeEtcdServer[] servers = new FakeEtcdServer[members];
    for (int i = 0; i < members; i++) {
      servers[i] = new FakeEtcdServer(i + 1, leader, store, revision);
    }
    return List.of(servers);
  }

  String endpoint() {
    return "127.0.0.1:" + server.getPort();
  }

  /** The Puts this member received, in order. */
  List<PutRequest> puts() {
    return puts;
  }

  /** The Ranges this member received, in order. */
  List<RangeRequest> ranges() {
    return ranges;
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  private ResponseHeader header() {
    return ResponseHeader.newBuilder()
        .setClusterId(42)
        .setMemberId(memberId)
        .setRevision(revision.get())
        .build();
  }

  private final class Kv extends KVGrpc.KVImplBase {

    @Override
    public void put(PutRequest request, StreamObserver<PutResponse> response) {
      puts.add(request);
      store.put(request.getKey(), request.getValue());
      revision.incrementAndGet();
      response.onNext(PutResponse.newBuilder().setHeader(header()).build());
      response.onCompleted();
    }

    @Override
    public void range(RangeRequest request, StreamObserver<RangeResponse> response) {
      ranges.add(request);
      RangeResponse.Builder answer = RangeResponse.newBuilder().setHeader(header());
      ByteString value = store.get(request.getKey());
      if (value != null) {
        answer.addKvs(KeyValue.newBuilder().setKey(request.getKey()).setValue(value)).setCount(1);
      }
      response.onNext(answer.build());
      response.onCompleted();
    }
  }

  private final class Maintenance extends MaintenanceGrpc.MaintenanceImplBase {

    @Override
    public void status(StatusRequest request, StreamObserver<StatusResponse> response) {
      response.onNext(
          StatusResponse.newBuilder()
              .setHeader(header())
              .setVersion("3.4.23-fake")
              .setLeader(leader)
              .build());
      response.onCompleted();
    }
  }
}
