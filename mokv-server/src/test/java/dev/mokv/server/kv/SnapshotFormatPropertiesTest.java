package dev.mokv.server.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mokv.server.kv.SnapshotFormat.Snapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

/** Round trips and corruption detection over randomly built stores. */
class SnapshotFormatPropertiesTest {

  private static Path dir;

  /** A write to the store: a set when {@code value} is non-null, else a delete. */
  record Write(String key, byte[] value) {
    @Override
    public String toString() {
      return value == null ? "DEL " + key : "SET " + key + " (" + value.length + " bytes)";
    }
  }

  @BeforeContainer
  static void createDirectory() throws IOException {
    dir = Files.createTempDirectory("mokv-snapshot-props");
  }

  @AfterContainer
  static void deleteDirectory() throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
        Files.delete(p);
      }
    }
  }

  @Property(tries = 200)
  void writeThenReadGivesTheSameEntriesAndRevisions(@ForAll("writes") List<Write> writes)
      throws IOException {
    KvStore store = apply(writes);
    Path file = dir.resolve("roundtrip.snap");
    boolean large =
        writes.stream()
            .anyMatch(w -> w.value() != null && w.value().length > SnapshotOutput.BUFFER_BYTES);
    Statistics.label("empty store").collect(store.size() == 0);
    Statistics.label("value larger than the buffer").collect(large);
    Statistics.label("supplementary-plane key")
        .collect(writes.stream().anyMatch(w -> w.key().codePoints().anyMatch(cp -> cp > 0xffff)));
    // Guards the generators: each interesting shape must actually occur in a run.
    Statistics.label("empty store").coverage(c -> c.check(true).count(n -> n > 0));
    Statistics.label("value larger than the buffer").coverage(c -> c.check(true).count(n -> n > 0));
    Statistics.label("supplementary-plane key").coverage(c -> c.check(true).count(n -> n > 0));

    SnapshotFormat.write(store, file);
    Snapshot snapshot = SnapshotFormat.read(file);

    assertThat(snapshot.revision()).isEqualTo(writes.size());
    assertThat(SnapshotTesting.contents(snapshot.entries()))
        .isEqualTo(SnapshotTesting.contents(store));
    assertThat(List.copyOf(snapshot.entries().keySet()))
        .as("key order")
        .containsExactlyElementsOf(SnapshotTesting.contents(store).keySet());

    KvStore loaded = new KvStore();
    loaded.set("stale", new byte[] {1});
    assertThat(SnapshotFormat.load(file, loaded)).isEqualTo(store.revision());
    assertThat(SnapshotTesting.contents(loaded)).isEqualTo(SnapshotTesting.contents(store));
    assertThat(loaded.revision()).isEqualTo(store.revision());
    assertThat(loaded.dataBytes()).isEqualTo(store.dataBytes());
  }

  @Property(tries = 300)
  void flippingAnyByteFailsNamingTheFileAndLeavesTheStoreUnchanged(
      @ForAll("writes") List<Write> writes,
      @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int positionSeed,
      @ForAll @IntRange(min = 1, max = 255) int mask)
      throws IOException {
    Path file = dir.resolve("flipped.snap");
    SnapshotFormat.write(apply(writes), file);
    byte[] bytes = Files.readAllBytes(file);
    int position = positionSeed % bytes.length;
    bytes[position] ^= (byte) mask;
    Files.write(file, bytes);
    KvStore target = new KvStore();
    target.set("survivor", new byte[] {42});
    target.delete("x");
    Map<String, String> before = SnapshotTesting.contents(target);

    assertThatThrownBy(() -> SnapshotFormat.load(file, target))
        .as("xor 0x%02x at byte %d of %d", mask, position, bytes.length)
        .isInstanceOf(CorruptSnapshotException.class)
        .hasMessageContaining(file.toString());

    assertThat(SnapshotTesting.contents(target)).isEqualTo(before);
    assertThat(target.revision()).isEqualTo(2);
    assertThat(target.dataBytes()).isEqualTo("survivor".length() + 1);
  }

  @Property(tries = 200)
  void truncatedFileFailsSayingSo(
      @ForAll("writes") List<Write> writes,
      @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int lengthSeed)
      throws IOException {
    Path file = dir.resolve("truncated.snap");
    SnapshotFormat.write(apply(writes), file);
    byte[] bytes = Files.readAllBytes(file);
    int length = lengthSeed % bytes.length;
    Files.write(file, Arrays.copyOf(bytes, length));

    assertThatThrownBy(() -> SnapshotFormat.read(file))
        .as("cut to %d of %d bytes", length, bytes.length)
        .isInstanceOf(CorruptSnapshotException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("truncated");
  }

  private static KvStore apply(List<Write> writes) {
    KvStore store = new KvStore();
    for (Write w : writes) {
      if (w.value() == null) {
        store.delete(w.key());
      } else {
        store.set(w.key(), w.value());
      }
    }
    return store;
  }

  @Provide
  Arbitrary<List<Write>> writes() {
    Arbitrary<Write> set = Combinators.combine(keys(), values()).as(Write::new);
    Arbitrary<Write> delete = keys().map(k -> new Write(k, null));
    return Arbitraries.frequencyOf(Tuple.of(4, set), Tuple.of(1, delete)).list().ofMaxSize(40);
  }

  /** Mostly a small alphabet, so writes collide, plus arbitrary well-formed Unicode. */
  private static Arbitrary<String> keys() {
    Arbitrary<String> few = Arbitraries.strings().withChars("ab").ofMaxLength(3);
    Arbitrary<String> unicode =
        Arbitraries.integers()
            .between(0, Character.MAX_CODE_POINT)
            .filter(cp -> cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE)
            .map(Character::toString)
            .list()
            .ofMaxSize(6)
            .map(cps -> String.join("", cps));
    return Arbitraries.frequencyOf(Tuple.of(3, few), Tuple.of(2, unicode));
  }

  /** Mostly small, often empty, rarely larger than the writer's buffer. */
  private static Arbitrary<byte[]> values() {
    Arbitrary<byte[]> small = Arbitraries.bytes().array(byte[].class).ofMaxSize(24);
    Arbitrary<byte[]> empty = Arbitraries.just(new byte[0]);
    Arbitrary<byte[]> large =
        Arbitraries.integers()
            .between(SnapshotOutput.BUFFER_BYTES - 8, SnapshotOutput.BUFFER_BYTES * 2)
            .map(n -> new byte[n]);
    return Arbitraries.frequencyOf(Tuple.of(30, small), Tuple.of(5, empty), Tuple.of(1, large));
  }
}
