package dev.mokv.cli.bench;

import java.util.SplittableRandom;

/**
 * One of the closed loop's request slots. At most one request of a slot is in flight, so its random
 * source is never used by two threads at once.
 *
 * @param index 0 to concurrency - 1; spreads slots over connections
 * @param random this slot's draws, split from the run's seed
 */
public record Slot(int index, SplittableRandom random) {}
