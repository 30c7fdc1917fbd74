package dev.mokv.tests.fault;

import dev.mokv.api.ClusterGrpc;
import dev.mokv.api.RemoveServerRequest;
import dev.mokv.tests.harness.NodeProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * The catalogue of faults a scenario can inject into a {@link FaultyCluster}. Each entry says which
 * real failure it stands for, how to inject it and how to heal it.
 */
public enum Fault {
  KILL_LEADER("the leader's machine loses power (kill -9), then comes back on its data-dir") {
    @Override
    void inject(FaultyCluster cluster, Targets t) throws Exception {
      cluster.kill(t.leader());
    }

    @Override
    void heal(FaultyCluster cluster, Targets t) throws IOException {
      cluster.restart(t.leader());
    }
  },
  KILL_FOLLOWER("a follower's machine loses power (kill -9), then comes back on its data-dir") {
    @Override
    void inject(FaultyCluster cluster, Targets t) throws Exception {
      cluster.kill(t.follower());
    }

    @Override
    void heal(FaultyCluster cluster, Targets t) throws IOException {
      cluster.restart(t.follower());
    }
  },
  GRACEFUL_RESTART_LEADER("an operator restarts the leader (SIGTERM, leave-on-terminate off)") {
    @Override
    void inject(FaultyCluster cluster, Targets t) throws Exception {
      cluster.node(t.leader()).process().terminate();
    }

    @Override
    void heal(FaultyCluster cluster, Targets t) throws IOException {
      cluster.restart(t.leader());
    }
  },
  PAUSE_LEADER(
      "the leader stalls past the election timeout (SIGSTOP: a long GC pause, a frozen VM)") {
    @Override
    void inject(FaultyCluster cluster, Targets t) throws Exception {
      cluster.node(t.leader()).process().pause();
    }

    @Override
    void heal(FaultyCluster cluster, Targets t) throws Exception {
      cluster.node(t.leader()).process().resume();
    }
  },
  ISOLATE_LEADER("the leader's network is cut off: it ends up alone in a minority") {
    @Override
    void inject(FaultyCluster cluster, Targets t) {
      cluster.partition(Set.of(t.leader()));
    }

    @Override
    void heal(FaultyCluster cluster, Targets t) {
      cluster.healNetwork();
    }
  },
  ISOLATE_FOLLOWER("a clean majority/minority split that leaves one follower alone") {
    @Override
    void inject(FaultyCluster cluster, Targets t) {
      cluster.partition(Set.of(t.follower()));
    }

    @Override
    void heal(FaultyCluster cluster, Targets t) {
      cluster.healNetwork();
    }
  },
  ONE_WAY_FROM_LEADER(
      "the leader can no longer reach the others, though they reach it (a one-way link loss)") {
    @Override
    void inject(FaultyCluster cluster, Targets t) {
      for (String other : t.others()) {
        cluster.link(t.leader(), other).block();
      }
    }

    @Override
    void heal(FaultyCluster cluster, Targets t) {
      cluster.healNetwork();
    }
  },
  MEMBERSHIP_CHANGE(
      "an operator adds a fourth node (it joins through gossip) and then removes it") {
    @Override
    void inject(FaultyCluster cluster, Targets t) throws Exception {
      cluster.startJoiner("f4");
    }

    @Override
    void heal(FaultyCluster cluster, Targets t) throws Exception {
      int exit = cluster.stopJoiner("f4");
      if (exit != 0) {
        throw new IllegalStateException("f4 exited with " + exit + " when asked to leave");
      }
    }
  },
  SLOW_LOSSY_LINKS("a congested, lossy network: 40 ms on every Raft link and 2% of chunks reset") {
    @Override
    void inject(FaultyCluster cluster, Targets t) {
      cluster.allLinks(
          link -> {
            link.delay(40);
            link.resetConnections(0.02);
          });
    }

    @Override
    void heal(FaultyCluster cluster, Targets t) {
      cluster.healNetwork();
    }
  },
  PAUSE_LONG(
      "a follower stalls for 90 s (SIGSTOP), past Ratis's default JVM-pause close threshold of"
          + " 60 s, then resumes",
      Duration.ofSeconds(90),
      // Two minutes a run; LongPauseIT freezes a follower and the leader for 90 s in every
      // verify. The soak and -Dmokv.faults=PAUSE_LONG run it under recorded traffic.
      false) {
    @Override
    void inject(FaultyCluster cluster, Targets t) throws Exception {
      cluster.node(t.follower()).process().pause();
    }

    @Override
    void heal(FaultyCluster cluster, Targets t) throws Exception {
      cluster.node(t.follower()).process().resume();
    }
  },
  RESTART_ALL(
      "the whole cluster goes down (each node SIGTERM or kill -9, at random) and comes back in a"
          + " random order, every node on its data-dir") {
    @Override
    void inject(FaultyCluster cluster, Targets t) throws Exception {
      Random random = t.random(0);
      for (String name : cluster.names()) {
        boolean graceful = random.nextBoolean();
        System.out.println(
            "[fault] RESTART_ALL stops " + name + (graceful ? " (TERM)" : " (KILL)"));
        if (!graceful) {
          cluster.kill(name);
        } else {
          int exit = cluster.node(name).process().terminate();
          if (exit != 0) {
            throw new IllegalStateException(name + " exited with " + exit + " on SIGTERM");
          }
        }
      }
    }

    @Override
    void heal(FaultyCluster cluster, Targets t) throws IOException {
      List<String> order = new ArrayList<>(cluster.names());
      Collections.shuffle(order, t.random(1));
      System.out.println("[fault] RESTART_ALL restarts in the order " + order);
      for (String name : order) {
        cluster.restart(name);
      }
    }
  },
  WIPE_DISK(
      "a follower's machine loses power and its disk: it comes back with an empty data-dir, refuses"
          + " to start as its old self, and the operator removes the old server and starts it again",
      Duration.ZERO,
      false) {
    @Override
    void inject(FaultyCluster cluster, Targets t) throws Exception {
      cluster.kill(t.follower());
      deleteTree(cluster.root().resolve(t.follower()));
    }

    @Override
    void heal(FaultyCluster cluster, Targets t) throws Exception {
      String victim = t.follower();
      NodeProcess process = cluster.node(victim).process();
      int printed = process.output().length();
      cluster.restart(victim);
      int exit = process.awaitExit(90);
      String refusal = process.output().substring(printed);
      String command = "mokv member remove " + victim;
      if (exit == 0 || !refusal.contains(command)) {
        throw new IllegalStateException(
            victim
                + " with a wiped data-dir exited "
                + exit
                + " without printing '"
                + command
                + "'");
      }
      System.out.println("[fault] WIPE_DISK: " + victim + " refused to start blank; " + command);
      // As the operator: through a member that is up, retried while gossip still shows the
      // refused process (RemoveServer refuses a live member).
      Awaitility.await("removal of the old " + victim)
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .ignoreExceptions()
          .until(
              () ->
                  ClusterGrpc.newBlockingStub(cluster.channel(t.leader()))
                      .withDeadlineAfter(5, TimeUnit.SECONDS)
                      .removeServer(RemoveServerRequest.newBuilder().setName(victim).build())
                      .getRemoved());
      // The first node has no start-join-addrs of its own; it needs a member to join through.
      String seed = cluster.node(t.leader()).gossipAddress();
      cluster.restart(victim, "--start-join-addrs", seed);
    }
  };

  private final String stands;
  private final Duration minimumHold;
  private final boolean inDefaultRuns;

  Fault(String standsFor) {
    this(standsFor, Duration.ZERO, true);
  }

  Fault(String standsFor, Duration minimumHold, boolean inDefaultRuns) {
    this.stands = standsFor;
    this.minimumHold = minimumHold;
    this.inDefaultRuns = inDefaultRuns;
  }

  /** The real failure this fault stands for. */
  public String standsFor() {
    return stands;
  }

  /** How long the fault must be held at least to be the failure it stands for. */
  public Duration minimumHold() {
    return minimumHold;
  }

  /**
   * The faults of the default test runs. {@link #PAUSE_LONG} (90 s) and {@link #WIPE_DISK} (three
   * JVM starts) are left out to keep the build short: {@code LongPauseIT}, {@code LostDiskIT} and
   * {@code LostDiskScenarioIT} cover them in every build; the soak and {@code -Dmokv.faults=} run
   * them under recorded traffic.
   */
  public static List<Fault> defaults() {
    return Stream.of(values()).filter(f -> f.inDefaultRuns).toList();
  }

  abstract void inject(FaultyCluster cluster, Targets targets) throws Exception;

  abstract void heal(FaultyCluster cluster, Targets targets) throws Exception;

  /** Injects the fault; returns what to heal. */
  public Injected injectInto(FaultyCluster cluster) throws Exception {
    Targets targets = Targets.of(cluster);
    inject(cluster, targets);
    return new Injected(this, cluster, targets);
  }

  /** An injected fault, ready to heal. */
  public record Injected(Fault fault, FaultyCluster cluster, Targets targets) {
    public void heal() throws Exception {
      fault.heal(cluster, targets);
    }
  }

  /**
   * Which nodes a fault hits, chosen when it is injected, and its random choices: drawn from the
   * cluster's seed and how many times its nodes have started, so that a rerun with the same seed
   * makes the same choices.
   */
  public record Targets(String leader, String follower, List<String> others, long seed) {
    static Targets of(FaultyCluster cluster) {
      Optional<String> leader = cluster.agreedLeader(cluster.names());
      String l = leader.orElse(cluster.names().get(0));
      List<String> others = cluster.names().stream().filter(n -> !n.equals(l)).toList();
      // The nodes' start counts ("f1#3,f2#1,...") tell one injection from the next.
      String starts = String.join(",", cluster.names().stream().map(cluster::incarnation).toList());
      return new Targets(l, others.get(0), others, cluster.seed() * 31 + starts.hashCode());
    }

    /** A random source for one purpose of this injection ({@code 0} inject, {@code 1} heal). */
    Random random(int purpose) {
      return new Random(seed * 7 + purpose);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
