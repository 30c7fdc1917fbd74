/**
 * The node's HTTP endpoint for Prometheus and probes (serving the readiness that {@code
 * dev.mokv.server.health} judges), and the process/JVM collectors. Each subsystem registers its own
 * metrics (next to its code) into the node's registry; {@code docs/metrics.md} lists every name.
 * Internal to the server; not API.
 */
package dev.mokv.server.metrics;
