package dev.mokv.server.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class StartupDiagnosticsTest {

  @Test
  void when_theRaftPortIsTaken_then_theMessageNamesTheKeyAndThePort() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      assertThatThrownBy(() -> StartupDiagnostics.requirePortFree("127.0.0.1", port))
          .isInstanceOf(IOException.class)
          .hasMessageStartingWith("raft-port " + port + " on 127.0.0.1 is not free");
    }
  }

  @Test
  void when_thePortIsFree_then_itIsLeftFree() throws IOException {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    StartupDiagnostics.requirePortFree("127.0.0.1", port);
    // The probe released the port: binding it again succeeds.
    try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      assertThat(again.isBound()).isTrue();
    }
  }

  @Test
  void causeChain_keepsEachMessageOnce_andSkipsCompletionExceptionWrappers() {
    IOException root = new IOException("segment log_0-41 is corrupt");
    Throwable wrapped =
        new IllegalStateException("start failed", new CompletionException(root.toString(), root));
    assertThat(StartupDiagnostics.causeChain(wrapped))
        .isEqualTo("start failed: segment log_0-41 is corrupt");
  }
}
