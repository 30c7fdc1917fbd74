package dev.mokv.server.membership;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.scalecube.cluster.transport.api.Message;
import io.scalecube.cluster.transport.api.Transport;
import io.scalecube.cluster.transport.api.TransportConfig;
import io.scalecube.cluster.transport.api.TransportFactory;
import io.scalecube.transport.netty.Receiver;
import io.scalecube.transport.netty.Sender;
import io.scalecube.transport.netty.TransportImpl;
import io.scalecube.transport.netty.TransportImpl.ReceiverContext;
import io.scalecube.transport.netty.TransportImpl.SenderContext;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.DisposableServer;
import reactor.netty.tcp.TcpClient;
import reactor.netty.tcp.TcpServer;

/**
 * ScaleCube's TCP transport, bound to one interface instead of all of them.
 *
 * <p>Why not ScaleCube's {@code TcpTransportFactory}: in 2.7.10 it sets only a port, so Reactor
 * Netty binds the wildcard address and the unauthenticated, Java-serialization gossip port is
 * reachable on every interface. This factory reuses ScaleCube's {@link TransportImpl} (connection
 * cache, encoding, dispatch) and its wire format (a 4-byte length prefix per message), so it
 * interoperates with members using the stock factory. It differs in four ways: the server binds
 * {@code bindHost}; the listening socket sets {@code SO_REUSEADDR}, so a restarted member can
 * rebind its port at once; failed outgoing connects are reported to a callback, which turns them
 * into clear log lines about unreachable seeds; and outgoing traffic can be muted ({@link
 * MutableTransport}).
 */
final class HostBoundTcpTransportFactory implements TransportFactory {

  private static final int LENGTH_FIELD_BYTES = 4;

  private final String bindHost;
  private final BiConsumer<String, Throwable> onConnectFailure;
  private final AtomicBoolean muted = new AtomicBoolean();

  /**
   * @param bindHost the interface the gossip port listens on
   * @param onConnectFailure called with the address and cause whenever dialling a member fails;
   *     runs on a Netty thread and must not block
   */
  HostBoundTcpTransportFactory(String bindHost, BiConsumer<String, Throwable> onConnectFailure) {
    this.bindHost = Objects.requireNonNull(bindHost, "bindHost");
    this.onConnectFailure = Objects.requireNonNull(onConnectFailure, "onConnectFailure");
  }

  @Override
  public Transport createTransport(TransportConfig config) {
    return new MutableTransport(
        new TransportImpl(
            config.messageCodec(),
            new BoundReceiver(config),
            new ReportingSender(config),
            config.addressMapper()),
        muted);
  }

  /** Drops all outgoing messages of the transports made here from now on; incoming still work. */
  void mute() {
    muted.set(true);
  }

  private static void installFraming(Channel channel, int maxFrameLength) {
    channel
        .pipeline()
        .addFirst(
            new LengthFieldBasedFrameDecoder(
                maxFrameLength, 0, LENGTH_FIELD_BYTES, 0, LENGTH_FIELD_BYTES));
    channel.pipeline().addFirst(new LengthFieldPrepender(LENGTH_FIELD_BYTES));
  }

  private final class BoundReceiver implements Receiver {
    private final TransportConfig config;

    BoundReceiver(TransportConfig config) {
      this.config = config;
    }

    @Override
    public Mono<DisposableServer> bind() {
      return Mono.deferContextual(context -> Mono.just(context.get(ReceiverContext.class)))
          .flatMap(
              context ->
                  TcpServer.create()
                      .runOn(context.loopResources())
                      .host(bindHost)
                      .port(config.port())
                      .option(ChannelOption.SO_REUSEADDR, true)
                      .childOption(ChannelOption.TCP_NODELAY, true)
                      .childOption(ChannelOption.SO_KEEPALIVE, true)
                      .doOnChannelInit(
                          (observer, channel, remote) ->
                              installFraming(channel, config.maxFrameLength()))
                      .handle(
                          (in, out) -> in.receive().retain().doOnNext(context::onMessage).then())
                      .bind()
                      .cast(DisposableServer.class));
    }
  }

  private final class ReportingSender implements Sender {
    private final TransportConfig config;

    ReportingSender(TransportConfig config) {
      this.config = config;
    }

    @Override
    public Mono<Connection> connect(String address) {
      return Mono.deferContextual(context -> Mono.just(context.get(SenderContext.class)))
          .flatMap(context -> newClient(context, address).connect())
          .cast(Connection.class)
          .doOnError(cause -> onConnectFailure.accept(address, cause));
    }

    @Override
    public Mono<Void> send(Message message) {
      return Mono.deferContextual(
          context -> {
            Connection connection = context.get(Connection.class);
            SenderContext sender = context.get(SenderContext.class);
            return connection
                .outbound()
                .sendObject(Mono.just(message).map(sender.messageEncoder()), buffer -> true)
                .then();
          });
    }

    private TcpClient newClient(SenderContext context, String address) {
      return TcpClient.newConnection()
          .runOn(context.loopResources())
          .host(Transport.parseHost(address))
          .port(Transport.parsePort(address))
          .option(ChannelOption.TCP_NODELAY, true)
          .option(ChannelOption.SO_KEEPALIVE, true)
          .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, config.connectTimeout())
          .doOnChannelInit(
              (observer, channel, remote) -> installFraming(channel, config.maxFrameLength()));
    }
  }
}
