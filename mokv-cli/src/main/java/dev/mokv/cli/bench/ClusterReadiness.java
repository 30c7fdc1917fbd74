package dev.mokv.cli.bench;

import com.google.protobuf.Empty;
import dev.mokv.api.GetServersResponse;
import dev.mokv.api.KVGrpc;
import dev.mokv.api.Server;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Waits until a cluster is ready to be measured: every endpoint answers SERVING to a health check
 * and sees at least the wanted number of voters, all alive, and a leader. A cluster just started
 * takes seconds to get there (the joiners are learners until they catch up), and a node just
 * restarted has to find its leader.
 */
final class ClusterReadiness {

  private static final long POLL_MILLIS = 100;
  private static final long CALL_TIMEOUT_MILLIS = 1000;

  private ClusterReadiness() {}

  /**
   * Returns how long it waited.
   *
   * @throws BenchException naming what was still missing when {@code timeout} passed
   */
  static Duration await(List<String> endpoints, int voters, Duration timeout)
      throws BenchException, InterruptedException {
    List<ManagedChannel> channels = new ArrayList<>();
    for (String endpoint : endpoints) {
      channels.add(Grpc.newChannelBuilder(endpoint, InsecureChannelCredentials.create()).build());
    }
    long start = System.nanoTime();
    try {
      while (true) {
        String missing = missing(endpoints, channels, voters);
        long waited = System.nanoTime() - start;
        if (missing == null) {
          return Duration.ofNanos(waited);
        }
        if (waited > timeout.toNanos()) {
          throw new BenchException(
              String.format(
                  Locale.ROOT,
                  "the cluster was not ready after %.1f s: %s",
                  timeout.toNanos() / 1e9,
                  missing));
        }
        TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
      }
    } finally {
      channels.forEach(ManagedChannel::shutdownNow);
    }
  }

  /** What is not ready yet, or null. */
  private static String missing(List<String> endpoints, List<ManagedChannel> channels, int voters) {
    for (int i = 0; i < endpoints.size(); i++) {
      String endpoint = endpoints.get(i);
      ManagedChannel channel = channels.get(i);
      try {
        ServingStatus health =
            HealthGrpc.newBlockingStub(channel)
                .withDeadlineAfter(CALL_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
                .check(HealthCheckRequest.getDefaultInstance())
                .getStatus();
        if (health != ServingStatus.SERVING) {
          return endpoint + " is " + health;
        }
        GetServersResponse servers =
            KVGrpc.newBlockingStub(channel)
                .withDeadlineAfter(CALL_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
                .getServers(Empty.getDefaultInstance());
        long liveVoters =
            servers.getServersList().stream().filter(s -> s.getIsVoter() && s.getIsAlive()).count();
        boolean leader = servers.getServersList().stream().anyMatch(Server::getIsLeader);
        if (liveVoters < voters || !leader) {
          return String.format(
              Locale.ROOT,
              "%s sees %d live voter%s%s (waiting for %d)",
              endpoint,
              liveVoters,
              liveVoters == 1 ? "" : "s",
              leader ? "" : " and no leader",
              voters);
        }
      } catch (StatusRuntimeException e) {
        return endpoint + " answered " + e.getStatus().getCode();
      }
    }
    return null;
  }
}
