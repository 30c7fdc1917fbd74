package dev.mokv.cli.bench;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A one-line progress bar on standard error, redrawn four times a second with a carriage return:
 * the phase, how far it is, the current rate and the errors so far. The same on a terminal or not,
 * so that a log of the run shows the last state of each phase.
 */
public final class ProgressBar implements AutoCloseable {

  static final long PERIOD_MILLIS = 250;
  private static final int WIDTH = 24;

  private final PrintWriter err;
  private final String label;
  private final Supplier<Progress> progress;
  private final ScheduledExecutorService ticker;
  private long lastNanos = System.nanoTime();
  private long lastCompleted;
  private double rate;
  private int lastLength;

  private ProgressBar(PrintWriter err, String label, Supplier<Progress> progress) {
    this.err = err;
    this.label = label;
    this.progress = progress;
    this.ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "mokv-bench-progress");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Starts drawing on {@code err}.
   *
   * @param label the measured phase's name: {@code measure}, {@code preload}
   */
  public static ProgressBar start(PrintWriter err, String label, Supplier<Progress> progress) {
    ProgressBar bar = new ProgressBar(err, label, progress);
    bar.ticker.scheduleAtFixedRate(bar::draw, 0, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    return bar;
  }

  /** Draws the final state and ends the line. */
  @Override
  public void close() {
    ticker.shutdownNow();
    try {
      ticker.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    draw();
    synchronized (this) {
      err.println();
      err.flush();
    }
  }

  private synchronized void draw() {
    Progress p = progress.get();
    long now = System.nanoTime();
    if (now - lastNanos >= PERIOD_MILLIS * 500_000) {
      rate = (p.completed() - lastCompleted) * 1e9 / (now - lastNanos);
      lastNanos = now;
      lastCompleted = p.completed();
    }
    String line = line(p.warmingUp() ? "warm-up" : label, p, rate);
    // Blank out what is left of a longer previous line.
    err.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
    err.flush();
    lastLength = line.length();
  }

  /** One state of the bar, without the carriage return. */
  static String line(String phase, Progress p, double rate) {
    int filled = (int) Math.round(p.fraction() * WIDTH);
    return String.format(
        Locale.ROOT,
        "%-8s [%s%s] %3.0f%% %-13s %,9.0f req/s  %,d errors",
        phase,
        "#".repeat(filled),
        ".".repeat(WIDTH - filled),
        p.fraction() * 100,
        p.position(),
        rate,
        p.failed());
  }
}
