package dev.mokv.cli.bench;

import dev.mokv.cli.etcdpb.MaintenanceGrpc;
import dev.mokv.cli.etcdpb.StatusRequest;
import dev.mokv.cli.etcdpb.StatusResponse;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What etcd's {@code Maintenance.Status} says about a set of endpoints: which of them is the
 * leader, and whether enough of them agree on one to start measuring.
 */
final class EtcdStatus {

  private static final long POLL_MILLIS = 100;
  private static final long CALL_TIMEOUT_MILLIS = 1000;

  /**
   * The answers of one round.
   *
   * @param answers per endpoint that answered, its status; in endpoint order
   * @param failures per endpoint that did not, the status code it failed with
   */
  record Round(Map<String, StatusResponse> answers, Map<String, String> failures) {

    /** The leader's member id if every answer names the same non-zero one, else 0. */
    long agreedLeader() {
      long leader = 0;
      for (StatusResponse status : answers.values()) {
        if (status.getLeader() == 0 || (leader != 0 && status.getLeader() != leader)) {
          return 0;
        }
        leader = status.getLeader();
      }
      return leader;
    }

    /** The endpoint whose member is the agreed leader, or null. */
    String leaderEndpoint() {
      long leader = agreedLeader();
      if (leader == 0) {
        return null;
      }
      for (Map.Entry<String, StatusResponse> e : answers.entrySet()) {
        if (e.getValue().getHeader().getMemberId() == leader) {
          return e.getKey();
        }
      }
      return null;
    }

    /** What keeps {@code members} endpoints from agreeing on a leader, or null. */
    String missing(int members) {
      if (answers.size() < members) {
        return String.format(
            Locale.ROOT,
            "%d of %d endpoints answered Maintenance.Status (waiting for %d)%s",
            answers.size(),
            answers.size() + failures.size(),
            members,
            failures.isEmpty() ? "" : "; " + failures);
      }
      return agreedLeader() == 0 ? "the endpoints do not agree on a leader yet" : null;
    }
  }

  private EtcdStatus() {}

  /** Asks every endpoint once. */
  static Round ask(List<String> endpoints) {
    Map<String, StatusResponse> answers = new LinkedHashMap<>();
    Map<String, String> failures = new LinkedHashMap<>();
    for (String endpoint : endpoints) {
      ManagedChannel channel =
          Grpc.newChannelBuilder(endpoint, InsecureChannelCredentials.create()).build();
      try {
        answers.put(
            endpoint,
            MaintenanceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(CALL_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
                .status(StatusRequest.getDefaultInstance()));
      } catch (StatusRuntimeException e) {
        failures.put(endpoint, e.getStatus().getCode().name());
      } finally {
        channel.shutdownNow();
      }
    }
    return new Round(answers, failures);
  }

  /**
   * Waits until at least {@code members} endpoints answer and all that answer name the same leader;
   * returns how long it waited.
   *
   * @throws BenchException naming what was still missing when {@code timeout} passed
   */
  static Duration await(List<String> endpoints, int members, Duration timeout)
      throws BenchException, InterruptedException {
    long start = System.nanoTime();
    while (true) {
      String missing = ask(endpoints).missing(members);
      long waited = System.nanoTime() - start;
      if (missing == null) {
        return Duration.ofNanos(waited);
      }
      if (waited > timeout.toNanos()) {
        throw new BenchException(
            String.format(
                Locale.ROOT,
                "etcd was not ready after %.1f s: %s",
                timeout.toNanos() / 1e9,
                missing));
      }
      TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
    }
  }
}
