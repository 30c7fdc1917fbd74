package dev.mokv.server.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Members on 127.0.0.1 in this JVM, with a {@link RecordingListener} each, closed together.
 *
 * <p>Members use {@link GossipTimings#local()} and free ports; the first member started is the seed
 * of the ones started with {@link #join}.
 */
final class LocalGossipCluster implements AutoCloseable {

  static final Duration CONVERGENCE = Duration.ofSeconds(15);

  private final List<ScaleCubeMembership> all = new ArrayList<>();
  private final Map<String, ScaleCubeMembership> byName = new HashMap<>();
  private final Map<String, RecordingListener> listeners = new HashMap<>();

  /** Metadata with addresses derived from the name; nothing listens on them. */
  static MemberMetadata metadata(String nodeName) {
    int n = Math.floorMod(nodeName.hashCode(), 1000);
    return new MemberMetadata(nodeName, "127.0.0.1:" + (20000 + n), "127.0.0.1:" + (30000 + n), "");
  }

  /** Starts a member with these seeds. */
  ScaleCubeMembership start(String nodeName, List<String> seeds) {
    return start(GossipOptions.loopback(metadata(nodeName), seeds));
  }

  /** Starts a member with these options; it replaces any earlier member of the same name here. */
  ScaleCubeMembership start(GossipOptions options) {
    ScaleCubeMembership member = prepare(options);
    member.start();
    return member;
  }

  /**
   * Creates a member with its recording listener but does not start it, so a test can add listeners
   * first; it replaces any earlier member of the same name here.
   */
  ScaleCubeMembership prepare(GossipOptions options) {
    String name = options.metadata().nodeName();
    ScaleCubeMembership member = new ScaleCubeMembership(options);
    RecordingListener listener = new RecordingListener();
    member.addListener(listener);
    all.add(member);
    byName.put(name, member);
    listeners.put(name, listener);
    return member;
  }

  /** Starts one member per name, each with the first running member as its seed. */
  List<ScaleCubeMembership> join(String... nodeNames) {
    List<ScaleCubeMembership> started = new ArrayList<>();
    for (String name : nodeNames) {
      List<String> seeds = all.isEmpty() ? List.of() : List.of(all.get(0).gossipAddress());
      started.add(start(name, seeds));
    }
    return started;
  }

  ScaleCubeMembership member(String nodeName) {
    return byName.get(nodeName);
  }

  RecordingListener listener(String nodeName) {
    return listeners.get(nodeName);
  }

  /** Waits until every named member lists exactly the named members, all ALIVE. */
  void awaitConverged(String... nodeNames) {
    await()
        .atMost(CONVERGENCE)
        .pollInterval(Duration.ofMillis(50))
        .untilAsserted(
            () -> {
              for (String name : nodeNames) {
                assertThat(member(name).members())
                    .as("members seen by %s", name)
                    .extracting(Member::nodeName)
                    .containsExactlyInAnyOrder(nodeNames);
                assertThat(member(name).members())
                    .extracting(Member::status)
                    .containsOnly(Member.Status.ALIVE);
              }
            });
  }

  /** The member named {@code nodeName} as {@code observer} sees it, if listed. */
  Member seenBy(String observer, String nodeName) {
    return member(observer).members().stream()
        .filter(m -> m.nodeName().equals(nodeName))
        .findFirst()
        .orElse(null);
  }

  @Override
  public void close() {
    all.forEach(ScaleCubeMembership::close);
  }
}
