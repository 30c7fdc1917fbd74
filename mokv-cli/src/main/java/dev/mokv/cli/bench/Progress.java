package dev.mokv.cli.bench;

/**
 * Where a running {@link LoadGenerator} stands, for the progress bar.
 *
 * @param warmingUp whether the warm-up is still on
 * @param fraction of the current phase done, 0 to 1
 * @param position the phase's position in words: {@code 4.5s/10.0s} or {@code 300/1000}
 * @param completed requests completed since the start, warm-up included
 * @param failed the failed ones among them
 */
public record Progress(
    boolean warmingUp, double fraction, String position, long completed, long failed) {}
