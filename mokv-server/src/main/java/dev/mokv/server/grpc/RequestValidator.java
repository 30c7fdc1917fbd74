package dev.mokv.server.grpc;

import dev.mokv.api.ApiErrors;
import dev.mokv.api.ReadConsistency;
import java.nio.charset.StandardCharsets;

/** Checks requests before anything is written; every rejection is INVALID_ARGUMENT. */
final class RequestValidator {

  private final int maxValueBytes;

  RequestValidator(int maxValueBytes) {
    this.maxValueBytes = maxValueBytes;
  }

  void checkKey(String key) {
    if (key.isEmpty()) {
      throw ServerErrors.invalidArgument("key must not be empty");
    }
    // A String's UTF-8 length is at most 3 bytes per char, so short keys skip the encoding.
    if (key.length() * 3L > ApiErrors.MAX_KEY_BYTES) {
      int bytes = key.getBytes(StandardCharsets.UTF_8).length;
      if (bytes > ApiErrors.MAX_KEY_BYTES) {
        throw ServerErrors.invalidArgument(
            "key is " + bytes + " bytes; the limit is " + ApiErrors.MAX_KEY_BYTES);
      }
    }
  }

  void checkValue(int size) {
    if (size > maxValueBytes) {
      throw ServerErrors.invalidArgument(
          "value is " + size + " bytes; the limit (max-value-bytes) is " + maxValueBytes);
    }
  }

  /**
   * Returns {@code consistency} if this version knows it; a value from a newer client is rejected
   * here rather than read at a consistency it did not ask for.
   */
  ReadConsistency checkConsistency(ReadConsistency consistency, int rawValue) {
    if (consistency == ReadConsistency.UNRECOGNIZED) {
      throw ServerErrors.invalidArgument("unknown read consistency " + rawValue);
    }
    return consistency;
  }
}
