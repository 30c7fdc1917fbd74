package dev.mokv.cli.bench;

import java.time.Duration;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;

/**
 * A closed loop: {@code concurrency} slots, each with exactly one request in flight, sending its
 * next request as soon as the previous one completes. Nothing waits on a request: the next one is
 * sent from the thread that completed the previous one, so the generator costs no thread per slot
 * and measures the servers rather than a thread pool.
 *
 * <p>A request belongs to the phase in which it was sent: those sent during the warm-up are counted
 * for the progress bar only. Throughput is measured requests over the time from the start of
 * measurement to the last measured completion.
 *
 * <p>One generator runs once.
 */
public final class LoadGenerator {

  private final RequestSource source;
  private final Slot[] slots;

  /** Per slot, the requests to send; a drain loop keeps synchronous completions from recursing. */
  private final AtomicInteger[] pending;

  private final long total;
  private final CountDownLatch slotsDone;
  private final Recorder latencies = new Recorder(3);
  private final LongAdder completed = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder warmupRequests = new LongAdder();
  private final LongAdder warmupErrors = new LongAdder();
  private final LongAdder measuredDone = new LongAdder();
  private final LongAdder notFound = new LongAdder();
  private final ConcurrentHashMap<String, LongAdder> errors = new ConcurrentHashMap<>();
  private final AtomicLong tickets = new AtomicLong();
  private final AtomicLong lastCompletion = new AtomicLong(Long.MIN_VALUE);

  private volatile long startNanos;
  private volatile boolean started;
  private volatile long measureStartNanos;
  private volatile boolean measuring;
  private volatile boolean stopping;
  private volatile Duration warmup = Duration.ZERO;
  private volatile Duration duration = Duration.ZERO;
  private MeasureWindow window = MeasureWindow.NONE;

  /**
   * @param source sends the requests
   * @param concurrency slots, each with one request in flight
   * @param total measured requests after which the run ends, or 0 to run for a duration
   * @param seed of the slots' random sources
   */
  public LoadGenerator(RequestSource source, int concurrency, long total, long seed) {
    this.source = source;
    this.total = total;
    this.slots = new Slot[concurrency];
    this.pending = new AtomicInteger[concurrency];
    SplittableRandom root = new SplittableRandom(seed);
    for (int i = 0; i < concurrency; i++) {
      slots[i] = new Slot(i, root.split());
      pending[i] = new AtomicInteger();
    }
    this.slotsDone = new CountDownLatch(concurrency);
  }

  /** Tells {@code window} when measurement starts and ends; call before {@link #run}. */
  public LoadGenerator observedBy(MeasureWindow window) {
    this.window = window;
    return this;
  }

  /**
   * Sends load for {@code warmup}, then measures until {@code total} requests have completed or,
   * when {@code total} is 0, for {@code duration}, then waits up to {@code drain} for the requests
   * still in flight.
   */
  public Measurement run(Duration warmup, Duration duration, Duration drain)
      throws InterruptedException {
    this.warmup = warmup;
    this.duration = duration;
    if (warmup.isZero()) {
      window.opening();
    }
    long start = System.nanoTime();
    startNanos = start;
    if (warmup.isZero()) {
      beginMeasuring(start);
    }
    started = true;
    for (int i = 0; i < slots.length; i++) {
      kick(i);
    }
    if (!warmup.isZero()) {
      TimeUnit.NANOSECONDS.sleep(warmup.toNanos());
      window.opening();
      beginMeasuring(System.nanoTime());
    }
    long stopNanos;
    if (total > 0) {
      // Each request ends within its deadline, so the slots run out of tickets in bounded time.
      slotsDone.await();
      stopNanos = measureStartNanos;
    } else {
      slotsDone.await(duration.toNanos(), TimeUnit.NANOSECONDS);
      stopNanos = System.nanoTime();
      stopping = true;
      slotsDone.await(drain.toNanos(), TimeUnit.NANOSECONDS);
    }
    window.closed();
    long end = Math.max(lastCompletion.get(), stopNanos);
    TreeMap<String, Long> errorCounts = new TreeMap<>();
    errors.forEach((label, count) -> errorCounts.put(label, count.sum()));
    return new Measurement(
        latencies.getIntervalHistogram(),
        notFound.sum(),
        errorCounts,
        end - measureStartNanos,
        warmupRequests.sum(),
        warmupErrors.sum(),
        slotsDone.getCount());
  }

  /** Where the run stands; from any thread. */
  public Progress progress() {
    long now = System.nanoTime();
    long done = completed.sum();
    long errs = failed.sum();
    if (!started) {
      // The progress bar may draw before the run starts.
      return new Progress(true, 0, "starting", done, errs);
    }
    if (!measuring) {
      return new Progress(
          true,
          fraction(now - startNanos, warmup.toNanos()),
          seconds(now - startNanos, warmup),
          done,
          errs);
    }
    long elapsed = now - measureStartNanos;
    if (total > 0) {
      long measured = measuredDone.sum();
      return new Progress(false, (double) measured / total, measured + "/" + total, done, errs);
    }
    return new Progress(
        false, fraction(elapsed, duration.toNanos()), seconds(elapsed, duration), done, errs);
  }

  private void beginMeasuring(long now) {
    measureStartNanos = now;
    measuring = true;
  }

  /** Sends the slot's next request, unless this thread is already sending for the slot. */
  private void kick(int slot) {
    if (pending[slot].getAndIncrement() != 0) {
      return;
    }
    do {
      sendNext(slot);
    } while (pending[slot].decrementAndGet() != 0);
  }

  private void sendNext(int slot) {
    boolean measured = measuring;
    if (stopping || (measured && total > 0 && tickets.getAndIncrement() >= total)) {
      slotsDone.countDown();
      return;
    }
    long start = System.nanoTime();
    CompletableFuture<Outcome> request;
    try {
      request = source.send(slots[slot]);
    } catch (RuntimeException e) {
      request = CompletableFuture.failedFuture(e);
    }
    request.whenComplete(
        (outcome, error) -> {
          record(measured, start, outcome, error);
          kick(slot);
        });
  }

  private void record(boolean measured, long start, Outcome outcome, Throwable error) {
    long end = System.nanoTime();
    completed.increment();
    if (error != null) {
      failed.increment();
    }
    if (!measured) {
      warmupRequests.increment();
      if (error != null) {
        warmupErrors.increment();
      }
      return;
    }
    if (error == null) {
      latencies.recordValue(end - start);
      if (outcome == Outcome.NOT_FOUND) {
        notFound.increment();
      }
    } else {
      errors.computeIfAbsent(ErrorLabels.of(error), label -> new LongAdder()).increment();
    }
    lastCompletion.accumulateAndGet(end, Math::max);
    measuredDone.increment();
  }

  private static double fraction(long elapsed, long length) {
    return length <= 0 ? 1 : Math.min(1, (double) elapsed / length);
  }

  private static String seconds(long elapsedNanos, Duration length) {
    return String.format(
        Locale.ROOT,
        "%.1fs/%.1fs",
        Math.min(elapsedNanos, length.toNanos()) / 1e9,
        length.toNanos() / 1e9);
  }
}
