package dev.mokv.tests.fault;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP forwarder standing for one directed network link (connections opened by node A towards node
 * B), whose behaviour a test changes while traffic flows: pass, refuse (a partition), delay, or
 * reset connections at random (packet loss, as TCP experiences it).
 *
 * <p>Directed: TCP replies travel on the connection the client opened, so blocking A's link to B
 * stops what A initiates (A's appends or votes to B) while B's own connections to A still work — a
 * one-way link loss as Raft sees it.
 */
public final class FaultProxy implements AutoCloseable {

  private static final int BUFFER = 16 * 1024;

  private final String name;
  private final ServerSocket server;
  private final InetSocketAddress target;
  private final ExecutorService threads;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final Random random;
  private final AtomicLong forwardedBytes = new AtomicLong();
  private volatile boolean blocked;
  private volatile long delayMillis;
  private volatile double resetProbability;

  /**
   * Listens on {@code listenHost:listenPort} and forwards to {@code target}.
   *
   * @param seed for the random resets; tests print it
   */
  public FaultProxy(
      String name, String listenHost, int listenPort, InetSocketAddress target, long seed)
      throws IOException {
    this.name = name;
    this.target = target;
    this.random = new Random(seed);
    this.server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress(InetAddress.getByName(listenHost), listenPort));
    this.threads =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "proxy-" + name);
              t.setDaemon(true);
              return t;
            });
    threads.execute(this::acceptLoop);
  }

  /** Refuses new connections and cuts open ones: nothing initiated on this link gets through. */
  public void block() {
    blocked = true;
    closeOpenConnections();
  }

  /** Restores normal forwarding, without delay or resets. */
  public void heal() {
    blocked = false;
    delayMillis = 0;
    resetProbability = 0;
  }

  /** Delays every forwarded chunk by {@code millis}. */
  public void delay(long millis) {
    delayMillis = millis;
  }

  /** Resets a connection with this probability per forwarded chunk. */
  public void resetConnections(double probability) {
    resetProbability = probability;
  }

  public boolean isBlocked() {
    return blocked;
  }

  public long forwardedBytes() {
    return forwardedBytes.get();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return;
      }
      if (blocked) {
        closeQuietly(client);
        continue;
      }
      threads.execute(() -> connect(client));
    }
  }

  private void connect(Socket client) {
    Socket upstream = new Socket();
    try {
      upstream.connect(target, 2_000);
      client.setTcpNoDelay(true);
      upstream.setTcpNoDelay(true);
    } catch (IOException e) {
      closeQuietly(client);
      closeQuietly(upstream);
      return;
    }
    open.add(client);
    open.add(upstream);
    threads.execute(() -> pump(client, upstream));
    threads.execute(() -> pump(upstream, client));
  }

  private void pump(Socket from, Socket to) {
    byte[] buffer = new byte[BUFFER];
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        if (blocked || shouldReset()) {
          break;
        }
        long delay = delayMillis;
        if (delay > 0) {
          // The only sleep in the harness: it is the injected latency, not synchronization.
          TimeUnit.MILLISECONDS.sleep(delay);
        }
        out.write(buffer, 0, n);
        out.flush();
        forwardedBytes.addAndGet(n);
      }
    } catch (IOException | InterruptedException e) {
      // connection ended; close both sides below
    } finally {
      open.remove(from);
      open.remove(to);
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private boolean shouldReset() {
    double p = resetProbability;
    if (p <= 0) {
      return false;
    }
    synchronized (random) {
      return random.nextDouble() < p;
    }
  }

  private void closeOpenConnections() {
    for (Socket socket : open) {
      closeQuietly(socket);
    }
    open.clear();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
    closeOpenConnections();
    threads.shutdownNow();
  }

  @Override
  public String toString() {
    return name
        + (blocked ? " [blocked]" : "")
        + (delayMillis > 0 ? " [+" + delayMillis + "ms]" : "");
  }
}
