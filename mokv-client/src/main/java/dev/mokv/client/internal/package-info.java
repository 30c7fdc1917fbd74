/**
 * Not API: the client's gRPC plumbing, public only so that {@code dev.mokv.client} can reach it. It
 * may change in any release.
 *
 * <p>{@link dev.mokv.client.internal.ServerListResolver} turns {@code mokv://seeds} into the
 * cluster's servers tagged leader or follower; {@link
 * dev.mokv.client.internal.LeaderFollowerBalancer} keeps a connection to each and installs a {@link
 * dev.mokv.client.internal.LeaderFollowerPicker} that routes each call by method. It never depends
 * on {@code dev.mokv.client}: the retries and the translation of gRPC statuses into the client's
 * exceptions live there.
 */
package dev.mokv.client.internal;
