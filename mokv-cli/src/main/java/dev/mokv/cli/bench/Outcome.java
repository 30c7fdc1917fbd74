package dev.mokv.cli.bench;

/** How a request that did not fail ended. */
public enum Outcome {
  /** Done: written, read, or answered SERVING. */
  OK,
  /** A get found no such key: a success for the latency figures, but counted apart. */
  NOT_FOUND
}
