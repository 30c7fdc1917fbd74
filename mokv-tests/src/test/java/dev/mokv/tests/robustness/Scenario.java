package dev.mokv.tests.robustness;

import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import dev.mokv.api.GetResponse;
import dev.mokv.api.KVGrpc;
import dev.mokv.api.SetRequest;
import dev.mokv.client.ClientOptions;
import dev.mokv.client.MokvClient;
import dev.mokv.tests.fault.Fault;
import dev.mokv.tests.fault.FaultyCluster;
import dev.mokv.tests.robustness.check.LinearizabilityChecker;
import dev.mokv.tests.robustness.check.Verdict;
import dev.mokv.tests.robustness.history.History;
import dev.mokv.tests.robustness.history.HistoryRecorder;
import dev.mokv.tests.robustness.history.Operation;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One robustness scenario: traffic, inject a fault, hold it, heal, converge; then judge the
 * history, look for lost writes and compare the nodes' states.
 */
final class Scenario {

  /** How long each phase lasts. */
  record Timing(Duration warmUp, Duration hold, Duration afterHeal) {
    static Timing standard() {
      return new Timing(Duration.ofSeconds(3), Duration.ofSeconds(8), Duration.ofSeconds(3));
    }
  }

  private final String name;
  private final long seed;
  private final Timing timing;

  Scenario(String name, long seed, Timing timing) {
    this.name = name;
    this.seed = seed;
    this.timing = timing;
  }

  /** Runs {@code faults} one after the other on {@code cluster} under traffic. */
  ScenarioReport run(FaultyCluster cluster, List<Fault> faults) throws Exception {
    long started = System.nanoTime();
    HistoryRecorder recorder = new HistoryRecorder();
    ClientOptions options =
        ClientOptions.builder()
            .endpoints(cluster.endpoints())
            .timeout(Duration.ofMillis(1500))
            .refreshInterval(Duration.ofSeconds(1))
            .build();
    long healToService = 0;
    UniqueWritesWorkload unique;
    try (MokvClient registerClient = MokvClient.connect(options);
        MokvClient uniqueClient = MokvClient.connect(options)) {
      awaitLeader(cluster);
      RegisterWorkload register =
          new RegisterWorkload(cluster, name + "/", registerClient, recorder, 4, seed);
      unique = new UniqueWritesWorkload(name + "/", uniqueClient);
      register.start();
      unique.start();
      pause(timing.warmUp());
      for (Fault fault : faults) {
        Fault.Injected injected = fault.injectInto(cluster);
        pause(
            fault.minimumHold().compareTo(timing.hold()) > 0 ? fault.minimumHold() : timing.hold());
        injected.heal();
        long healed = System.nanoTime();
        awaitFullService(cluster);
        healToService = Math.max(healToService, (System.nanoTime() - healed) / 1_000_000);
      }
      pause(timing.afterHeal());
      register.stop();
      unique.stop();
    }

    Map<String, Map<String, String>> states = awaitConvergedStates(cluster);
    boolean converged = states.values().stream().distinct().count() == 1;
    if (!converged) {
      // The nodes' own story, kept for whoever reads the failure: the tail in the test output,
      // more of it beside the report.
      Files.createDirectories(ScenarioReport.DIR);
      Files.writeString(ScenarioReport.DIR.resolve(name + "-nodes.log"), cluster.tailLogs(2_000));
      System.out.println("[robustness] " + name + " did not converge; the nodes' last lines:");
      System.out.println(cluster.tailLogs(40));
    }
    Map<String, String> any = states.values().iterator().next();
    int lost = 0;
    for (String key : unique.acknowledged()) {
      for (Map<String, String> state : states.values()) {
        if (!state.containsKey(key)) {
          lost++;
        }
      }
    }
    History history = recorder.history();
    Verdict verdict = new LinearizabilityChecker().check(history);
    if (!verdict.isLinearizable()) {
      history.write(ScenarioReport.DIR.resolve(name + ".history"));
      System.out.println(verdict.report());
    }
    List<Operation> ops = history.operations();
    ScenarioReport report =
        new ScenarioReport(
            name,
            faults.stream().map(Enum::name).reduce((a, b) -> a + "+" + b).orElse("none"),
            faults.stream().map(Fault::standsFor).reduce((a, b) -> a + "; " + b).orElse(""),
            seed,
            ops.size(),
            (int) ops.stream().filter(o -> o.outcome() == Operation.Outcome.OK).count(),
            (int) ops.stream().filter(o -> o.outcome() == Operation.Outcome.UNKNOWN).count(),
            unique.acknowledged().size(),
            lost,
            converged && any.keySet().containsAll(unique.acknowledged()),
            verdict.result().name(),
            verdict.statesExplored(),
            healToService,
            (System.nanoTime() - started) / 1_000_000);
    report.write();
    System.out.println("[robustness] " + report.row());
    return report;
  }

  private static void pause(Duration d) {
    // Traffic runs meanwhile; this is the scenario's schedule, not a synchronization point.
    await().pollDelay(d).atMost(d.plusSeconds(5)).until(() -> true);
  }

  static String awaitLeader(FaultyCluster cluster) {
    return await("a leader agreed by every node")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> cluster.agreedLeader(cluster.names()), Optional::isPresent)
        .orElseThrow();
  }

  /** Every node agrees on a leader and accepts a write. */
  private static void awaitFullService(FaultyCluster cluster) {
    awaitLeader(cluster);
    for (String node : cluster.names()) {
      await("a write through " + node)
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(100))
          .ignoreExceptions()
          .until(
              () -> {
                KVGrpc.newBlockingStub(cluster.channel(node))
                    .withDeadlineAfter(2, TimeUnit.SECONDS)
                    .set(
                        SetRequest.newBuilder()
                            .setKey("probe-" + node)
                            .setValue(ByteString.copyFromUtf8("x"))
                            .build());
                return true;
              });
    }
  }

  /** Each node's whole store (key to value and revision), once they all agree (bounded). */
  private static Map<String, Map<String, String>> awaitConvergedStates(FaultyCluster cluster) {
    Supplier<Map<String, Map<String, String>>> read =
        () -> {
          Map<String, Map<String, String>> states = new TreeMap<>();
          for (String node : cluster.names()) {
            states.put(node, list(cluster, node));
          }
          return states;
        };
    try {
      return await("all nodes converge to one state")
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(500))
          .ignoreExceptions()
          .until(read::get, s -> s.values().stream().distinct().count() == 1);
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      // Judge what each node has now; a node that cannot answer shows its error as its state, so
      // the report says which node failed and why instead of ending the scenario with the error.
      Map<String, Map<String, String>> states = new TreeMap<>();
      for (String node : cluster.names()) {
        try {
          states.put(node, list(cluster, node));
        } catch (RuntimeException error) {
          System.out.println("[robustness] " + node + " cannot list its keys: " + error);
          states.put(node, Map.of("<no answer>", String.valueOf(error)));
        }
      }
      return states;
    }
  }

  private static Map<String, String> list(FaultyCluster cluster, String node) {
    Map<String, String> state = new TreeMap<>();
    Iterator<GetResponse> it =
        KVGrpc.newBlockingStub(cluster.channel(node))
            // A soak's store holds hundreds of thousands of keys: on two loaded cores a whole
            // listing took up to 9.5 s, and a 10 s bound judged a slow answer a divergence.
            .withDeadlineAfter(60, TimeUnit.SECONDS)
            .list(Empty.getDefaultInstance());
    it.forEachRemaining(
        r -> state.put(r.getKey(), r.getValue().toStringUtf8() + "@" + r.getRevision()));
    return state;
  }
}
