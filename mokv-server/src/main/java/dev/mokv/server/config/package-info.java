/**
 * A node's configuration: the immutable, validated {@link dev.mokv.server.config.NodeConfig}, the
 * YAML and flag loader that builds it, and the values it is made of ({@link
 * dev.mokv.server.config.HostPort}, {@link dev.mokv.server.config.InitialMember}), plus the
 * narrower records each subsystem receives ({@link dev.mokv.server.config.RaftOptions}, {@link
 * dev.mokv.server.config.RpcOptions}).
 *
 * <p>Imports nothing of mökv: every other server package may import it, and it imports none of
 * them. Internal to the server; not API.
 */
package dev.mokv.server.config;
