package dev.mokv.client;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A key, its value and the store revision of the write that last changed it.
 *
 * @param key the key
 * @param value the value bytes (a defensive copy is kept)
 * @param revision the store's revision after the write that set this value
 */
public record KeyValue(String key, byte[] value, long revision) {

  public KeyValue {
    value = value.clone();
  }

  @Override
  public byte[] value() {
    return value.clone();
  }

  /** The value decoded as UTF-8. */
  public String valueAsString() {
    return new String(value, StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyValue kv
        && kv.key.equals(key)
        && kv.revision == revision
        && Arrays.equals(kv.value, value);
  }

  @Override
  public int hashCode() {
    return key.hashCode() * 31 + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return "KeyValue[" + key + "@" + revision + ", " + value.length + " bytes]";
  }
}
