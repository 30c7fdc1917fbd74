package dev.mokv.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Keeps the README's client snippet compiling and working: the snippet is the method below,
 * character for character (up to whitespace), and the test runs it against a fake server.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ReadmeExamplesTest {

  private static final Path README = Path.of("../README.md");
  private static final Path THIS_FILE =
      Path.of("src/test/java/dev/mokv/client/ReadmeExamplesTest.java");

  // README:start
  static String connectWriteRead(String endpoints) {
    ClientOptions options =
        ClientOptions.builder()
            .endpoints(endpoints) // "host:port,...": one node is enough, the rest are discovered
            .timeout(Duration.ofSeconds(5)) // per operation, retries included
            .build();
    try (MokvClient client = MokvClient.connect(options)) {
      long revision = client.set("greeting", "hello"); // the leader; committed on a majority
      Optional<KeyValue> read = client.get("greeting"); // a follower; linearizable by default
      Optional<KeyValue> gone = client.get("no-such-key", ReadConsistency.STALE); // empty
      client.setAsync("counter", "1").join(); // every call has an async twin
      return read.orElseThrow().valueAsString() + "@" + revision + ", missing=" + gone.isEmpty();
    } catch (MokvException e) {
      // UNAVAILABLE, DEADLINE_EXCEEDED, ...; e.isOutcomeUnknown(): a write may have been applied
      throw new IllegalStateException("mokv: " + e.code() + ": " + e.getMessage(), e);
    }
  }

  // README:end

  @Test
  void readmeSnippet_isTheCodeOfThisTest() throws IOException {
    String readme = Files.readString(README, StandardCharsets.UTF_8);
    Matcher block =
        Pattern.compile(
                "<!-- client-snippet:start -->.*?```java\\n(.*?)```.*?<!-- client-snippet:end -->",
                Pattern.DOTALL)
            .matcher(readme);
    assertThat(block.find()).as("a ```java block between the client-snippet markers").isTrue();
    String source = Files.readString(THIS_FILE, StandardCharsets.UTF_8);
    String code =
        source.substring(
            source.indexOf('\n', source.indexOf("// README:start")) + 1,
            source.indexOf("// README:end"));
    assertThat(normalize(block.group(1))).isEqualTo(normalize(code));
  }

  @Test
  void readmeSnippet_runsAgainstAServer() {
    try (FakeKvServer server = FakeKvServer.start("n1", new FakeKvServer.Store())) {
      assertThat(connectWriteRead(server.endpoint())).isEqualTo("hello@1, missing=true");
      assertThat(server.count("Set")).isEqualTo(2);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static String normalize(String code) {
    return code.strip().replaceAll("\\s+", " ");
  }
}
