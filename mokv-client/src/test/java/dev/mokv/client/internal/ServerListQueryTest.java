package dev.mokv.client.internal;

import static dev.mokv.client.internal.ServerListResolverTest.servers;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mokv.api.Server;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ServerListQueryTest {

  private static final Endpoint S1 = Endpoint.parse("127.0.0.1:7001");
  private static final Endpoint S2 = Endpoint.parse("127.0.0.1:7002");
  private static final Endpoint S3 = Endpoint.parse("127.0.0.1:7003");
  private static final Endpoint S4 = Endpoint.parse("127.0.0.1:7004");

  @Test
  void choose_aServerNamingItselfLeader_winsOverTheMajority() {
    // Right after an election: two followers still name the crashed leader s1; s3 knows it leads.
    Map<Endpoint, List<Server>> answers = new LinkedHashMap<>();
    answers.put(S2, servers(S1, S1, S2, S3, S4));
    answers.put(S4, servers(S1, S1, S2, S3, S4));
    answers.put(S3, servers(S3, S1, S2, S3, S4));
    assertThat(ServerListQuery.choose(answers)).contains(servers(S3, S1, S2, S3, S4));
  }

  @Test
  void choose_withoutSelfClaim_takesTheLeaderMostAnswersName() {
    // s3 did not answer; two servers name it, one names s4.
    Map<Endpoint, List<Server>> answers = new LinkedHashMap<>();
    answers.put(S1, servers(S4, S1, S2, S3, S4));
    answers.put(S2, servers(S3, S1, S2, S3, S4));
    answers.put(S4, servers(S3, S1, S2, S3, S4));
    assertThat(ServerListQuery.choose(answers)).contains(servers(S3, S1, S2, S3, S4));
  }

  @Test
  void choose_withNoLeaderAnywhere_takesAnyNonEmptyAnswer() {
    Map<Endpoint, List<Server>> answers = new LinkedHashMap<>();
    answers.put(S1, List.of());
    answers.put(S2, servers(null, S1, S2));
    assertThat(ServerListQuery.choose(answers)).contains(servers(null, S1, S2));
  }

  @Test
  void choose_withNoUsableAnswer_isEmpty() {
    assertThat(ServerListQuery.choose(Map.of())).isEmpty();
    assertThat(ServerListQuery.choose(Map.of(S1, List.of()))).isEmpty();
  }

  @Test
  void ask_completesAsSoonAsAServerNamesItselfLeader() {
    FakeServerListSource source = new FakeServerListSource();
    source.answer(S2, servers(S2, S1, S2));
    // S1 is down; S2 claims leadership.
    assertThat(ServerListQuery.ask(List.of(S1, S2), source).join()).isEqualTo(servers(S2, S1, S2));
  }
}
