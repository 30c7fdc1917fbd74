package dev.mokv.server.config;

import java.time.Duration;

/**
 * The part of a {@link NodeConfig} that the client gRPC server uses. See {@link NodeConfig} for
 * each value's meaning.
 *
 * @param address where the server listens, which is also the address it is reached at
 * @param maxValueBytes the largest value a write may carry
 * @param requestTimeout the deadline of a request that set none
 * @param slowRequestThreshold requests slower than this are logged at WARN
 */
public record RpcOptions(
    HostPort address, int maxValueBytes, Duration requestTimeout, Duration slowRequestThreshold) {}
