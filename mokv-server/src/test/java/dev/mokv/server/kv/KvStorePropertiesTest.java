package dev.mokv.server.kv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mokv.server.kv.KvStore.DeleteResult;
import dev.mokv.server.kv.KvStore.Versioned;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/** KvStore against a TreeMap model, over random sequences of operations on few keys. */
class KvStorePropertiesTest {

  /** One operation; {@code value} is only meaningful for SET. */
  record Op(Kind kind, String key, byte[] value) {
    enum Kind {
      SET,
      DELETE,
      GET
    }

    @Override
    public String toString() {
      return kind == Kind.SET ? "SET " + key + "=" + Arrays.toString(value) : kind + " " + key;
    }
  }

  /** The model's view of an entry: value and the revision of the write that set it. */
  record ModelEntry(byte[] value, long revision) {}

  @Property(tries = 300)
  void behavesLikeATreeMap(@ForAll("ops") List<Op> ops) {
    KvStore store = new KvStore();
    TreeMap<String, ModelEntry> model = new TreeMap<>();
    long writes = 0;

    for (Op op : ops) {
      switch (op.kind()) {
        case SET -> {
          writes++;
          assertThat(store.set(op.key(), op.value())).isEqualTo(writes);
          model.put(op.key(), new ModelEntry(op.value(), writes));
        }
        case DELETE -> {
          writes++;
          DeleteResult result = store.delete(op.key());
          assertThat(result.revision()).isEqualTo(writes);
          assertThat(result.existed()).isEqualTo(model.remove(op.key()) != null);
        }
        case GET -> {
          Optional<Versioned> actual = store.get(op.key());
          ModelEntry expected = model.get(op.key());
          if (expected == null) {
            assertThat(actual).isEmpty();
          } else {
            assertThat(actual).isPresent();
            assertThat(actual.get().value()).isEqualTo(expected.value());
            assertThat(actual.get().revision()).isEqualTo(expected.revision());
          }
        }
        default -> throw new AssertionError(op);
      }
      assertThat(store.revision()).isEqualTo(writes);
    }

    assertSameContent(store, model);
  }

  @Property(tries = 100)
  void iteratorAfterMatchesTheModelTail(@ForAll("ops") List<Op> ops, @ForAll("keys") String after) {
    KvStore store = new KvStore();
    TreeMap<String, ModelEntry> model = new TreeMap<>();
    for (Op op : ops) {
      if (op.kind() == Op.Kind.SET) {
        model.put(op.key(), new ModelEntry(op.value(), store.set(op.key(), op.value())));
      } else if (op.kind() == Op.Kind.DELETE) {
        store.delete(op.key());
        model.remove(op.key());
      }
    }

    List<String> actual = new ArrayList<>();
    store.iteratorAfter(after).forEachRemaining(e -> actual.add(e.getKey()));
    assertThat(actual).containsExactlyElementsOf(model.tailMap(after, false).keySet());
  }

  private static void assertSameContent(KvStore store, TreeMap<String, ModelEntry> model) {
    List<String> keys = new ArrayList<>();
    long expectedBytes = 0;
    var it = store.iterator();
    for (Map.Entry<String, ModelEntry> expected : model.entrySet()) {
      assertThat(it.hasNext()).as("store ends before %s", expected.getKey()).isTrue();
      Map.Entry<String, Versioned> actual = it.next();
      keys.add(actual.getKey());
      assertThat(actual.getKey()).isEqualTo(expected.getKey());
      assertThat(actual.getValue().value()).isEqualTo(expected.getValue().value());
      assertThat(actual.getValue().revision()).isEqualTo(expected.getValue().revision());
      expectedBytes += expected.getKey().length() + expected.getValue().value().length;
    }
    assertThat(it.hasNext()).as("store has extra keys after %s", keys).isFalse();
    assertThat(store.size()).isEqualTo(model.size());
    assertThat(store.dataBytes()).isEqualTo(expectedBytes);
  }

  @Provide
  Arbitrary<List<Op>> ops() {
    Arbitrary<Op> set =
        Combinators.combine(keys(), Arbitraries.bytes().array(byte[].class).ofMaxSize(6))
            .as((k, v) -> new Op(Op.Kind.SET, k, v));
    Arbitrary<Op> delete = keys().map(k -> new Op(Op.Kind.DELETE, k, null));
    Arbitrary<Op> get = keys().map(k -> new Op(Op.Kind.GET, k, null));
    return Arbitraries.frequencyOf(Tuple.of(5, set), Tuple.of(3, delete), Tuple.of(3, get))
        .list()
        .ofMaxSize(60);
  }

  /** Few distinct keys, so sets overwrite and deletes hit; includes the empty key and non-ASCII. */
  @Provide
  Arbitrary<String> keys() {
    return Arbitraries.strings().withChars("abé").ofMaxLength(2);
  }
}
