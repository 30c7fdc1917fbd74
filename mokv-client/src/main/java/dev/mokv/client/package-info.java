/**
 * The mökv client library: {@link dev.mokv.client.MokvClient} and the values and errors it returns.
 *
 * <p>Create a client with {@link dev.mokv.client.MokvClient#connect} and {@link
 * dev.mokv.client.ClientOptions}. It discovers the cluster's servers from one or more seed
 * endpoints, sends writes to the Raft leader and spreads reads over the followers, and retries what
 * is safe to retry within each request's deadline. Every failure is a {@link
 * dev.mokv.client.MokvException}; a missing key is an empty {@link java.util.Optional}.
 *
 * <p>Depends on {@code mokv-api} and grpc-java only.
 */
package dev.mokv.client;
