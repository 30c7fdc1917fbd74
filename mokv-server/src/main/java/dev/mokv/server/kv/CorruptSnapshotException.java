package dev.mokv.server.kv;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A snapshot file that cannot be trusted: wrong magic, unknown version, truncated, checksum
 * mismatch, inconsistent counts or impossible lengths. The message names the file and the problem,
 * because an operator reading a log line must be able to tell which file to remove or restore.
 */
public final class CorruptSnapshotException extends IOException {

  private static final long serialVersionUID = 1L;

  private final transient Path file;

  /** Creates an exception for {@code file} describing {@code problem}. */
  public CorruptSnapshotException(Path file, String problem) {
    super("corrupt snapshot " + Objects.requireNonNull(file, "file") + ": " + problem);
    this.file = file;
  }

  /** The snapshot file that failed validation. */
  public Path file() {
    return file;
  }
}
