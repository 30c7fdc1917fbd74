package dev.mokv.server.kv;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mokv.server.kv.KvStore.DeleteResult;
import dev.mokv.server.kv.KvStore.Versioned;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class KvStoreTest {

  private final KvStore store = new KvStore();

  @Test
  void newStoreIsEmptyAtRevisionZero() {
    assertThat(store.revision()).isZero();
    assertThat(store.size()).isZero();
    assertThat(store.dataBytes()).isZero();
    assertThat(store.iterator().hasNext()).isFalse();
  }

  @Test
  void getOfMissingKeyIsEmpty() {
    assertThat(store.get("nope")).isEmpty();
    store.set("a", bytes("1"));
    assertThat(store.get("b")).isEmpty();
  }

  @Test
  void setIncrementsRevisionAndStampsTheValue() {
    assertThat(store.set("a", bytes("1"))).isEqualTo(1);
    assertThat(store.set("b", bytes("2"))).isEqualTo(2);
    assertThat(store.set("a", bytes("3"))).isEqualTo(3);

    assertThat(store.revision()).isEqualTo(3);
    assertThat(store.size()).isEqualTo(2);
    Versioned a = store.get("a").orElseThrow();
    assertThat(a.value()).isEqualTo(bytes("3"));
    assertThat(a.revision()).isEqualTo(3);
    assertThat(store.get("b").orElseThrow().revision()).isEqualTo(2);
  }

  @Test
  void deleteOfExistingKeyRemovesIt() {
    store.set("a", bytes("1"));

    DeleteResult result = store.delete("a");

    assertThat(result).isEqualTo(new DeleteResult(2, true));
    assertThat(store.get("a")).isEmpty();
    assertThat(store.size()).isZero();
    assertThat(store.revision()).isEqualTo(2);
  }

  @Test
  void deleteOfMissingKeyStillIncrementsRevision() {
    store.set("a", bytes("1"));

    DeleteResult result = store.delete("zzz");

    assertThat(result.existed()).isFalse();
    assertThat(result.revision()).isEqualTo(2);
    assertThat(store.revision()).isEqualTo(2);
    assertThat(store.get("a")).isPresent();
  }

  @Test
  void iteratesInKeyOrderRegardlessOfInsertionOrder() {
    for (String key : List.of("m", "b", "z", "a", "ab", "", "é", "B")) {
      store.set(key, bytes(key));
    }

    assertThat(keys(store.iterator())).containsExactly("", "B", "a", "ab", "b", "m", "z", "é");
  }

  @Test
  void iteratorAfterStartsStrictlyAfterTheGivenKey() {
    for (String key : List.of("a", "b", "c", "d")) {
      store.set(key, bytes(key));
    }

    assertThat(keys(store.iteratorAfter("b"))).containsExactly("c", "d");
    assertThat(keys(store.iteratorAfter("bb"))).containsExactly("c", "d");
    assertThat(keys(store.iteratorAfter(""))).containsExactly("a", "b", "c", "d");
    assertThat(keys(store.iteratorAfter("d"))).isEmpty();
  }

  @Test
  void dataBytesTracksKeysAndValuesThroughOverwritesAndDeletes() {
    store.set("ab", new byte[10]);
    assertThat(store.dataBytes()).isEqualTo(12);

    store.set("ab", new byte[3]);
    assertThat(store.dataBytes()).isEqualTo(5);

    store.set("c", new byte[0]);
    assertThat(store.dataBytes()).isEqualTo(6);

    store.delete("missing");
    assertThat(store.dataBytes()).isEqualTo(6);

    store.delete("ab");
    assertThat(store.dataBytes()).isEqualTo(1);

    store.delete("c");
    assertThat(store.dataBytes()).isZero();
  }

  @Test
  void replaceAllSwapsContentRevisionAndDataBytes() {
    store.set("old", bytes("gone"));
    store.set("kept-name", bytes("old value"));
    Map<String, Versioned> entries = new TreeMap<>();
    entries.put("kept-name", new Versioned(bytes("new"), 7));
    entries.put("x", new Versioned(new byte[5], 9));

    store.replaceAll(entries, 42);

    assertThat(store.revision()).isEqualTo(42);
    assertThat(store.size()).isEqualTo(2);
    assertThat(store.get("old")).isEmpty();
    assertThat(store.get("kept-name").orElseThrow().value()).isEqualTo(bytes("new"));
    assertThat(store.get("kept-name").orElseThrow().revision()).isEqualTo(7);
    assertThat(store.dataBytes()).isEqualTo("kept-name".length() + 3 + 1 + 5);
    assertThat(store.set("y", bytes("1"))).isEqualTo(43);
  }

  @Test
  void replaceAllWithEmptyMapClearsTheStore() {
    store.set("a", bytes("1"));

    store.replaceAll(Map.of(), 5);

    assertThat(store.size()).isZero();
    assertThat(store.dataBytes()).isZero();
    assertThat(store.revision()).isEqualTo(5);
  }

  private static List<String> keys(Iterator<Map.Entry<String, Versioned>> it) {
    List<String> keys = new ArrayList<>();
    it.forEachRemaining(e -> keys.add(e.getKey()));
    return keys;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }
}
