package dev.mokv.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mokv.api.GetRequest;
import dev.mokv.api.KVGrpc;
import dev.mokv.client.internal.Backoff;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class RetryingCallerTest {

  /** Runs every retry 1.5 s later than asked: a scheduler on a machine that stalls. */
  private final ScheduledThreadPoolExecutor late =
      new ScheduledThreadPoolExecutor(1) {
        @Override
        public ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
          return super.schedule(task, unit.toNanos(delay) + 1_500_000_000L, TimeUnit.NANOSECONDS);
        }
      };

  private ManagedChannel channel;

  @AfterEach
  void close() {
    late.shutdownNow();
    if (channel != null) {
      channel.shutdownNow();
    }
  }

  /** Failed once in MokvClientTest as "ClientCall started after CallOptions deadline". */
  @Test
  void aRetryThatComesDueAfterTheDeadline_failsWithTheLastFailure_notADeadlineError()
      throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    channel = NettyChannelBuilder.forAddress("127.0.0.1", closedPort).usePlaintext().build();
    RetryingCaller caller =
        new RetryingCaller(
            channel,
            late,
            new Backoff(Duration.ofMillis(10), Duration.ofMillis(10), 1, new Random(1)),
            () -> {},
            Duration.ofSeconds(1),
            false);

    Throwable failure =
        caller
            .unary(KVGrpc.getGetMethod(), GetRequest.newBuilder().setKey("k").build())
            .handle((r, e) -> e)
            .join();

    assertThat(failure).isInstanceOf(UnavailableException.class);
    assertThat(failure.getMessage()).doesNotContain("deadline");
  }
}
