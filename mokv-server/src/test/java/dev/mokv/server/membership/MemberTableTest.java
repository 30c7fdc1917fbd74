package dev.mokv.server.membership;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mokv.server.membership.Member.Status;
import dev.mokv.server.membership.MembershipEvent.Type;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class MemberTableTest {

  private final MemberTable table = new MemberTable("self");

  private static MemberMetadata n2(String clusterId) {
    return new MemberMetadata("n2", "127.0.0.1:8400", "127.0.0.1:8402", clusterId);
  }

  private static Type type(Optional<MembershipEvent> event) {
    return event.map(MembershipEvent::type).orElse(null);
  }

  @Test
  void alive_newMember_emitsJoinedAndLists() {
    Optional<MembershipEvent> event = table.alive("id-a", n2(""));

    assertThat(event).contains(new MembershipEvent(Type.JOINED, Member.of(n2(""), Status.ALIVE)));
    assertThat(table.members()).containsExactly(Member.of(n2(""), Status.ALIVE));
    assertThat(table.isEmpty()).isFalse();
  }

  @Test
  void alive_sameMetadataAgain_emitsNothing() {
    table.alive("id-a", n2(""));

    assertThat(table.alive("id-a", n2(""))).isEmpty();
  }

  @Test
  void alive_changedMetadata_emitsUpdated() {
    table.alive("id-a", n2(""));

    Optional<MembershipEvent> event = table.alive("id-a", n2("group-1"));

    assertThat(type(event)).isEqualTo(Type.UPDATED);
    assertThat(event.get().member().clusterId()).isEqualTo("group-1");
    assertThat(table.members()).extracting(Member::clusterId).containsExactly("group-1");
  }

  @Test
  void leavingThenRemoved_emitsLeavingThenLeft() {
    table.alive("id-a", n2(""));

    assertThat(type(table.leaving("id-a"))).isEqualTo(Type.LEAVING);
    assertThat(table.members()).extracting(Member::status).containsExactly(Status.LEAVING);
    assertThat(table.leaving("id-a")).isEmpty();

    Optional<MembershipEvent> removed = table.removed("id-a");
    assertThat(type(removed)).isEqualTo(Type.LEFT);
    assertThat(removed.get().member().status()).isEqualTo(Status.LEFT);
    assertThat(table.members()).isEmpty();
    assertThat(table.isEmpty()).isTrue();
  }

  @Test
  void removed_withoutLeaving_emitsFailed() {
    table.alive("id-a", n2(""));

    Optional<MembershipEvent> removed = table.removed("id-a");

    assertThat(type(removed)).isEqualTo(Type.FAILED);
    assertThat(removed.get().member().status()).isEqualTo(Status.FAILED);
  }

  @Test
  void unknownMember_leavingOrRemoved_emitsNothing() {
    assertThat(table.leaving("nobody")).isEmpty();
    assertThat(table.removed("nobody")).isEmpty();
  }

  @Test
  void alive_newIncarnationOfSameNode_emitsJoinedAndListsItOnce() {
    table.alive("id-old", n2(""));

    Optional<MembershipEvent> event = table.alive("id-new", n2("group-1"));

    assertThat(type(event)).isEqualTo(Type.JOINED);
    assertThat(table.members()).containsExactly(Member.of(n2("group-1"), Status.ALIVE));
  }

  @Test
  void removed_supersededIncarnation_emitsNothingAndKeepsTheNewOne() {
    table.alive("id-old", n2(""));
    table.alive("id-new", n2(""));

    assertThat(table.removed("id-old")).isEmpty();
    assertThat(table.members()).containsExactly(Member.of(n2(""), Status.ALIVE));
  }

  @Test
  void alive_supersededIncarnationChanges_emitsNothing() {
    table.alive("id-old", n2(""));
    table.alive("id-new", n2(""));

    assertThat(table.alive("id-old", n2("stale"))).isEmpty();
    assertThat(table.leaving("id-old")).isEmpty();
    assertThat(table.members()).extracting(Member::clusterId).containsExactly("");
  }

  @Test
  void alive_newIncarnationAfterLeaving_emitsJoinedAlive() {
    table.alive("id-old", n2(""));
    table.leaving("id-old");

    Optional<MembershipEvent> event = table.alive("id-new", n2(""));

    assertThat(type(event)).isEqualTo(Type.JOINED);
    assertThat(table.members()).extracting(Member::status).containsExactly(Status.ALIVE);
    assertThat(table.removed("id-old")).isEmpty();
  }

  @Test
  void removed_newestWhileOlderIncarnationLives_fallsBackWithoutFailing() {
    // The gossip layer may report a stale incarnation after the real newest one, e.g. to a node
    // that joins while the old incarnation is still suspected. Its removal must not drop the node.
    table.alive("id-real", n2("real"));
    table.alive("id-stale", n2("stale"));

    Optional<MembershipEvent> event = table.removed("id-stale");

    assertThat(type(event)).isEqualTo(Type.JOINED);
    assertThat(table.members()).extracting(Member::clusterId).containsExactly("real");
  }

  @Test
  void alive_ownNodeName_isIgnored() {
    MemberMetadata staleSelf = new MemberMetadata("self", "127.0.0.1:1", "127.0.0.1:2", "");

    assertThat(table.alive("id-old-self", staleSelf)).isEmpty();
    assertThat(table.members()).isEmpty();
  }

  @Test
  void members_severalNodes_sortedByName() {
    table.alive("c", new MemberMetadata("n3", "127.0.0.1:3", "127.0.0.1:3", ""));
    table.alive("a", new MemberMetadata("n1", "127.0.0.1:1", "127.0.0.1:1", ""));
    table.alive("b", n2(""));

    assertThat(table.members()).extracting(Member::nodeName).containsExactly("n1", "n2", "n3");
  }
}
