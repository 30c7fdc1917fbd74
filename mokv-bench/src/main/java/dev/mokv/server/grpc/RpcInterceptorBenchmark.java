package dev.mokv.server.grpc;

import com.google.protobuf.ByteString;
import dev.mokv.api.GetRequest;
import dev.mokv.api.GetResponse;
import dev.mokv.api.KVGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * The cost of the request interceptors (metrics and request log) on the hot path: Get calls per
 * second over loopback gRPC, from concurrent clients, against a server whose handler answers from
 * memory at once, the cheapest request a node serves (a STALE read). With a real handler the
 * interceptors are a smaller share still, so this is the worst case.
 *
 * <p>{@code interceptors=none} serves the bare service; {@code production} adds {@link RpcMetrics}
 * and {@link RequestLog} as {@code RpcServer} does, with DEBUG off as by default. Run each
 * configuration more than once, interleaved (A B A B), on an otherwise idle machine.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(8)
public class RpcInterceptorBenchmark {

  @Param({"none", "production"})
  public String interceptors;

  private Server server;
  private ManagedChannel channel;
  private KVGrpc.KVBlockingStub stub;
  private final GetRequest request = GetRequest.newBuilder().setKey("key").build();

  /** Answers every Get from memory, at once, on the transport thread. */
  private static final class MemoryKv extends KVGrpc.KVImplBase {
    private final GetResponse answer =
        GetResponse.newBuilder()
            .setKey("key")
            .setValue(ByteString.copyFromUtf8("value"))
            .setRevision(1)
            .build();

    @Override
    public void get(GetRequest request, StreamObserver<GetResponse> response) {
      response.onNext(answer);
      response.onCompleted();
    }
  }

  @Setup(Level.Trial)
  public void start() throws Exception {
    ServerServiceDefinition service =
        interceptors.equals("none")
            ? new MemoryKv().bindService()
            : ServerInterceptors.intercept(
                new MemoryKv(),
                RpcMetrics.register(new PrometheusRegistry()),
                new RequestLog(Duration.ofSeconds(1)));
    server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(service)
            .build()
            .start();
    channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
    stub = KVGrpc.newBlockingStub(channel);
  }

  @TearDown(Level.Trial)
  public void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  @Benchmark
  public GetResponse get() {
    return stub.get(request);
  }
}
