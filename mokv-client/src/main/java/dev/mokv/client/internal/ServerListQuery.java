package dev.mokv.client.internal;

import dev.mokv.api.Server;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * One round of asking servers for the server list, all at once, and choosing which answer to
 * believe. Servers can disagree for a moment around an election: a follower may still name the old
 * leader. The answer of a server that names itself leader wins (a node knows first that it leads),
 * then the leader most answers name, then any answer.
 *
 * <p>Answers are kept to one cluster ({@link ClusterPin}): once a cluster id is pinned, a server
 * that reports another one counts as not answering. Until then the round waits for every answer,
 * and fails if they carry different cluster ids: the endpoints given belong to different clusters.
 */
final class ServerListQuery {

  private final List<Endpoint> candidates;
  private final ClusterPin pin;
  private final Map<Endpoint, List<Server>> answers = new LinkedHashMap<>();
  private final Map<Endpoint, String> clusterIds = new LinkedHashMap<>();
  private final Map<Endpoint, Throwable> failures = new LinkedHashMap<>();
  private final CompletableFuture<List<Server>> result = new CompletableFuture<>();

  private ServerListQuery(List<Endpoint> candidates, ClusterPin pin) {
    this.candidates = candidates;
    this.pin = pin;
  }

  /**
   * Asks every candidate. Completes with the chosen server list, or exceptionally with an
   * UNAVAILABLE status naming each candidate and why it did not answer.
   */
  static CompletableFuture<List<Server>> ask(List<Endpoint> candidates, ServerListSource source) {
    return ask(candidates, source, new ClusterPin());
  }

  /**
   * Asks every candidate, keeping to the cluster of {@code pin} (and pinning the first cluster id
   * answered). Fails with an UNAVAILABLE status naming the clusters if, before anything was pinned,
   * the candidates answered with different cluster ids.
   */
  static CompletableFuture<List<Server>> ask(
      List<Endpoint> candidates, ServerListSource source, ClusterPin pin) {
    ServerListQuery query = new ServerListQuery(List.copyOf(candidates), pin);
    if (candidates.isEmpty()) {
      query.result.completeExceptionally(
          Status.UNAVAILABLE.withDescription("no server to ask").asRuntimeException());
    }
    for (Endpoint candidate : query.candidates) {
      CompletableFuture<ServerList> answer;
      try {
        answer = source.fetch(candidate);
      } catch (RuntimeException e) {
        answer = CompletableFuture.failedFuture(e);
      }
      answer.whenComplete((servers, error) -> query.add(candidate, servers, error));
    }
    return query.result;
  }

  private synchronized void add(Endpoint asked, ServerList answer, Throwable error) {
    if (error == null) {
      pin.answered(asked, answer.clusterId());
    }
    if (error != null) {
      failures.put(asked, error);
    } else if (!pin.admits(answer.clusterId())) {
      failures.put(
          asked,
          Status.UNAVAILABLE
              .withDescription(
                  "belongs to cluster "
                      + answer.clusterId()
                      + ", not to cluster "
                      + pin.clusterId().orElse("")
                      + " of this client; ignored")
              .asRuntimeException());
    } else {
      answers.put(asked, answer.servers());
      clusterIds.put(asked, answer.clusterId());
      // Before a cluster is pinned, every answer is needed to see whether the seeds agree.
      boolean pinned = pin.clusterId().isPresent() || answer.clusterId().isEmpty();
      if (pinned && namesItselfLeader(asked, answer.servers())) {
        result.complete(answer.servers());
      }
    }
    if (answers.size() + failures.size() == candidates.size()) {
      Map<String, List<Endpoint>> byCluster = byCluster();
      if (byCluster.size() > 1) {
        result.completeExceptionally(mixedClusters(byCluster).asRuntimeException());
        return;
      }
      byCluster.keySet().forEach(pin::pin);
      Optional<List<Server>> chosen = choose(answers);
      if (chosen.isPresent()) {
        result.complete(chosen.get());
      } else {
        result.completeExceptionally(noAnswer().asRuntimeException());
      }
    }
  }

  /** The endpoints that answered, by the non-empty cluster id they reported. */
  private Map<String, List<Endpoint>> byCluster() {
    Map<String, List<Endpoint>> byCluster = new TreeMap<>();
    clusterIds.forEach(
        (endpoint, id) -> {
          if (!id.isEmpty()) {
            byCluster.computeIfAbsent(id, k -> new ArrayList<>()).add(endpoint);
          }
        });
    return byCluster;
  }

  private static Status mixedClusters(Map<String, List<Endpoint>> byCluster) {
    String clusters =
        byCluster.entrySet().stream()
            .map(e -> "cluster " + e.getKey() + " at " + e.getValue())
            .collect(Collectors.joining("; "));
    return Status.UNAVAILABLE.withDescription(
        "the endpoints belong to different mökv clusters ("
            + clusters
            + "): give the endpoints of one cluster");
  }

  /** The answer to believe among {@code answers} (by the server asked), if any is usable. */
  static Optional<List<Server>> choose(Map<Endpoint, List<Server>> answers) {
    for (Map.Entry<Endpoint, List<Server>> e : answers.entrySet()) {
      if (namesItselfLeader(e.getKey(), e.getValue())) {
        return Optional.of(e.getValue());
      }
    }
    Map<String, Integer> votes = new HashMap<>();
    for (List<Server> servers : answers.values()) {
      leaderOf(servers).ifPresent(id -> votes.merge(id, 1, Integer::sum));
    }
    Optional<String> popular =
        votes.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey);
    if (popular.isPresent()) {
      return answers.values().stream()
          .filter(servers -> leaderOf(servers).equals(popular))
          .findFirst();
    }
    return answers.values().stream().filter(servers -> !servers.isEmpty()).findFirst();
  }

  static boolean namesItselfLeader(Endpoint asked, List<Server> servers) {
    for (Server s : servers) {
      if (s.getIsLeader() && asked.equals(parseOrNull(s.getRpcAddr()))) {
        return true;
      }
    }
    return false;
  }

  private static Optional<String> leaderOf(List<Server> servers) {
    return servers.stream().filter(Server::getIsLeader).map(Server::getId).findFirst();
  }

  private static Endpoint parseOrNull(String address) {
    try {
      return Endpoint.parse(address);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private Status noAnswer() {
    String reasons =
        failures.entrySet().stream()
            .map(e -> e.getKey() + " (" + reason(e.getValue()) + ")")
            .collect(Collectors.joining(", "));
    return Status.UNAVAILABLE.withDescription(
        "no mökv server answered: "
            + (reasons.isEmpty() ? "every server list was empty" : reasons));
  }

  private static String reason(Throwable error) {
    Status status = Status.fromThrowable(error);
    Throwable cause = status.getCause();
    if (cause != null && cause.getMessage() != null) {
      // Netty's epoll transport prefixes the OS error: "finishConnect(..) failed with error(-111):
      // "
      return cause.getMessage().replaceFirst("^.*failed with error\\(-?\\d+\\): ", "");
    }
    return status.getDescription() != null ? status.getDescription() : status.getCode().name();
  }
}
