package dev.mokv.tests.robustness.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mokv.client.ReadConsistency;
import dev.mokv.tests.robustness.history.HistoryRecorder.Handle;
import dev.mokv.tests.robustness.history.Operation.Kind;
import dev.mokv.tests.robustness.history.Operation.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class HistoryRecorderTest {

  private final AtomicLong clock = new AtomicLong();
  private final HistoryRecorder recorder = new HistoryRecorder(clock::incrementAndGet);

  @Test
  void history_recordsEachOutcomeWithItsInterval() {
    Handle set = recorder.invokeSet(1, "k", "v");
    Handle get = recorder.invokeGet(2, "k");
    Handle stale = recorder.invokeStaleGet(3, "k", "n2");
    Handle delete = recorder.invokeDelete(4, "k");
    recorder.ok(set);
    recorder.ok(get, Optional.of("v"));
    recorder.ok(stale, Optional.empty());
    recorder.unknown(delete);

    List<Operation> ops = recorder.history().operations();

    assertThat(ops)
        .containsExactly(
            Operation.set(1, "k", "v", 1, 5, Outcome.OK),
            Operation.get(2, "k", Optional.of("v"), 2, 6, Outcome.OK),
            Operation.staleGet(3, "k", "n2", Optional.empty(), 3, 7, Outcome.OK),
            Operation.delete(4, "k", 4, 8, Outcome.UNKNOWN));
  }

  @Test
  void history_operationStillInFlight_isUnknown() {
    recorder.invokeSet(1, "k", "v");

    Operation op = recorder.history().operations().get(0);

    assertThat(op.outcome()).isEqualTo(Outcome.UNKNOWN);
    assertThat(op.completeNanos()).isGreaterThan(op.invokeNanos());
  }

  @Test
  void fail_readHasNoValue() {
    Handle get = recorder.invokeGet(1, "k");
    recorder.fail(get);

    Operation op = recorder.history().operations().get(0);

    assertThat(op.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(op.value()).isEmpty();
  }

  @Test
  void complete_twice_isRejected() {
    Handle set = recorder.invokeSet(1, "k", "v");
    recorder.ok(set);

    assertThatThrownBy(() -> recorder.unknown(set)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void ok_withTheWrongShape_isRejected() {
    Handle set = recorder.invokeSet(1, "k", "v");
    Handle get = recorder.invokeGet(1, "k");

    assertThatThrownBy(() -> recorder.ok(set, Optional.of("v")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> recorder.ok(get)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void concurrentClients_everyOperationRecordedInInvocationOrder() throws Exception {
    HistoryRecorder real = new HistoryRecorder();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> clients = new ArrayList<>();
      for (int c = 0; c < 8; c++) {
        int client = c;
        clients.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 500; i++) {
                    Handle h = real.invokeSet(client, "k" + (i % 3), client + "-" + i);
                    real.ok(h);
                    Handle g = real.invokeGet(client, "k" + (i % 3));
                    real.ok(g, Optional.of(client + "-" + i));
                  }
                }));
      }
      for (Future<?> f : clients) {
        f.get(5, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    List<Operation> ops = real.history().operations();

    assertThat(ops).hasSize(8 * 1000);
    assertThat(ops).allMatch(op -> op.outcome() == Outcome.OK);
    assertThat(ops).allMatch(op -> op.consistency() == ReadConsistency.LINEARIZABLE);
    assertThat(ops.stream().filter(op -> op.kind() == Kind.GET)).hasSize(4000);
    for (int i = 1; i < ops.size(); i++) {
      assertThat(ops.get(i).invokeNanos()).isGreaterThanOrEqualTo(ops.get(i - 1).invokeNanos());
    }
  }
}
