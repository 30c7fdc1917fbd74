package dev.mokv.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mokv.api.ApiErrors;
import io.grpc.Metadata;
import io.grpc.Status;
import java.net.ConnectException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class StatusTranslatorTest {

  private static final boolean WRITE = true;
  private static final boolean READ = false;
  private static final boolean SENT = true;
  private static final boolean UNSENT = false;

  /** The whole retry table: which failures are retried, and which writes may have applied. */
  @ParameterizedTest(name = "{0} write={1} sent={2} -> retryable={3} unknown={4}")
  @CsvSource({
    // code,               write, sent,  retryable, outcomeUnknown
    "UNAVAILABLE,          true,  false, true,      false",
    "UNAVAILABLE,          true,  true,  false,     true",
    "UNAVAILABLE,          false, true,  true,      false",
    "DEADLINE_EXCEEDED,    true,  true,  false,     true",
    "DEADLINE_EXCEEDED,    true,  false, true,      false",
    "DEADLINE_EXCEEDED,    false, true,  true,      false",
    "RESOURCE_EXHAUSTED,   true,  true,  true,      false",
    "INVALID_ARGUMENT,     true,  true,  false,     false",
    "FAILED_PRECONDITION,  true,  true,  false,     false",
    "INTERNAL,             true,  true,  false,     true",
    "INTERNAL,             false, true,  false,     false",
    "CANCELLED,            true,  true,  false,     true",
    "CANCELLED,            false, true,  true,      false",
    "UNKNOWN,              true,  true,  false,     true",
    "NOT_FOUND,            false, true,  false,     false",
  })
  void translate_decidesRetryAndOutcome(
      Status.Code code, boolean write, boolean sent, boolean retryable, boolean unknown) {
    MokvException e =
        StatusTranslator.translate(Status.fromCode(code).asRuntimeException(), write, sent, 1);
    assertThat(e.code()).isEqualTo(code);
    assertThat(e.isRetryable()).as("retryable").isEqualTo(retryable);
    assertThat(e.isOutcomeUnknown()).as("outcome unknown").isEqualTo(unknown);
    assertThat(e)
        .isExactlyInstanceOf(
            code == Status.Code.UNAVAILABLE ? UnavailableException.class : MokvException.class);
  }

  @Test
  void failedPrecondition_namingTheLeader_isRetryable_andCarriesTheHint() {
    Metadata trailers = new Metadata();
    trailers.put(ApiErrors.LEADER_HINT, "n2@127.0.0.1:8410");
    MokvException e =
        StatusTranslator.translate(
            Status.FAILED_PRECONDITION
                .withDescription("not the leader")
                .asRuntimeException(trailers),
            WRITE,
            SENT,
            1);
    assertThat(e.isRetryable()).isTrue();
    assertThat(e.isOutcomeUnknown()).isFalse();
    assertThat(e.leaderHint()).contains("n2@127.0.0.1:8410");
  }

  @Test
  void message_isOneLine_withTheCause_andSaysAWriteMayHaveApplied() {
    MokvException e =
        StatusTranslator.translate(
            Status.UNAVAILABLE
                .withDescription("connection lost\nwhile waiting")
                .withCause(new ConnectException("Connection reset"))
                .asRuntimeException(),
            WRITE,
            SENT,
            3);
    assertThat(e.getMessage())
        .isEqualTo(
            "connection lost while waiting: Connection reset; the write may or may not have been"
                + " applied (gave up after 3 attempts)");
  }

  @Test
  void deadlineMessage_dropsGrpcDiagnostics() {
    MokvException e =
        StatusTranslator.translate(
            Status.DEADLINE_EXCEEDED
                .withDescription(
                    "deadline exceeded after 4.998s. Name resolution delay 0.000 seconds."
                        + " [closed=[]]")
                .asRuntimeException(),
            READ,
            UNSENT,
            1);
    assertThat(e.getMessage()).isEqualTo("deadline exceeded after 4.998s");
  }

  @Test
  void statusWithoutDescription_namesTheCode() {
    MokvException e =
        StatusTranslator.translate(Status.INTERNAL.asRuntimeException(), READ, SENT, 1);
    assertThat(e.getMessage()).isEqualTo("internal");
  }

  @Test
  void nonGrpcFailure_isUnknown_andTheOriginalIsTheCause() {
    IllegalStateException boom = new IllegalStateException("boom");
    MokvException e = StatusTranslator.translate(boom, READ, UNSENT, 1);
    assertThat(e.code()).isEqualTo(Status.Code.UNKNOWN);
    assertThat(e).hasCause(boom).hasMessageContaining("boom");
  }
}
