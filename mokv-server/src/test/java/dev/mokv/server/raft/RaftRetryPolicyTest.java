package dev.mokv.server.raft;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mokv.server.config.NodeConfig;
import java.io.IOException;
import java.time.Duration;
import org.apache.ratis.client.retry.ClientRetryEvent;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicy;
import org.apache.ratis.util.Timestamp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The node's Ratis client retries a request for as long as its request timeout, not for a number of
 * attempts: attempts that each wait out a per-attempt timeout used to stretch a 5 s request to
 * minutes, long after its caller had given up.
 */
@Timeout(30)
class RaftRetryPolicyTest {

  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

  private final RetryPolicy policy =
      RaftSettings.retryPolicy(
          NodeConfig.builder().nodeName("n1").requestTimeout(REQUEST_TIMEOUT).build().raft());

  @Test
  void aRequestYoungerThanTheRequestTimeout_isRetried_howeverManyAttemptsItTook() {
    for (RaftClientRequest request : new RaftClientRequest[] {write(), read()}) {
      RetryPolicy.Action action = policy.handleAttemptFailure(event(request, 1_000, 1_000));
      assertThat(action.shouldRetry()).as("%s", request.getType()).isTrue();
      assertThat(action.getSleepTime().toLong(java.util.concurrent.TimeUnit.MILLISECONDS))
          .isEqualTo(RaftSettings.RETRY_SLEEP.toMillis());
    }
  }

  @Test
  void aRequestOlderThanTheRequestTimeout_isNotRetried_evenOnItsSecondAttempt() {
    long age = REQUEST_TIMEOUT.toMillis() + 100;
    for (RaftClientRequest request : new RaftClientRequest[] {write(), read()}) {
      RetryPolicy.Action action = policy.handleAttemptFailure(event(request, 2, age));
      assertThat(action.shouldRetry()).as("%s", request.getType()).isFalse();
    }
  }

  private static ClientRetryEvent event(RaftClientRequest request, int attempts, long ageMillis) {
    return new ClientRetryEvent(
        attempts,
        request,
        attempts,
        new IOException("no leader"),
        Timestamp.currentTime().addTimeMs(-ageMillis));
  }

  private static RaftClientRequest write() {
    return request(RaftClientRequest.writeRequestType());
  }

  private static RaftClientRequest read() {
    return request(RaftClientRequest.readRequestType());
  }

  private static RaftClientRequest request(RaftClientRequest.Type type) {
    return RaftClientRequest.newBuilder()
        .setClientId(ClientId.randomId())
        .setServerId(RaftPeerId.valueOf("n1"))
        .setGroupId(RaftGroupId.randomId())
        .setCallId(1)
        .setMessage(Message.EMPTY)
        .setType(type)
        .build();
  }
}
