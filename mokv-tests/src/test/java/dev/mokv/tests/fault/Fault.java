package dev.mokv.tests.fault;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

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
  };

  private final String stands;

  Fault(String standsFor) {
    this.stands = standsFor;
  }

  /** The real failure this fault stands for. */
  public String standsFor() {
    return stands;
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

  /** Which nodes a fault hits, chosen when it is injected. */
  public record Targets(String leader, String follower, List<String> others) {
    static Targets of(FaultyCluster cluster) {
      Optional<String> leader = cluster.agreedLeader(cluster.names());
      String l = leader.orElse(cluster.names().get(0));
      List<String> others = cluster.names().stream().filter(n -> !n.equals(l)).toList();
      return new Targets(l, others.get(0), others);
    }
  }
}
