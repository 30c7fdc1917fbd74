/**
 * Not API: the client's gRPC plumbing, public only so that {@code dev.mokv.client} can reach it. It
 * may change in any release.
 *
 * <p>{@link dev.mokv.client.internal.ServerListResolver} turns {@code mokv://seeds} into the
 * cluster's servers tagged leader or follower; {@link
 * dev.mokv.client.internal.LeaderFollowerBalancer} keeps a connection to each and installs a {@link
 * dev.mokv.client.internal.LeaderFollowerPicker} that routes each call by method; {@link
 * dev.mokv.client.internal.RetryingCaller} runs an operation within its deadline and retries what
 * {@link dev.mokv.client.internal.StatusTranslator} says is safe to retry.
 */
package dev.mokv.client.internal;
