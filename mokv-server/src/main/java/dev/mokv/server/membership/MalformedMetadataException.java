package dev.mokv.server.membership;

/**
 * Bytes received as member metadata could not be decoded.
 *
 * <p>The membership layer logs it and ignores the member's update; it never stops event handling.
 */
final class MalformedMetadataException extends RuntimeException {

  MalformedMetadataException(String message) {
    super(message);
  }

  MalformedMetadataException(String message, Throwable cause) {
    super(message, cause);
  }
}
