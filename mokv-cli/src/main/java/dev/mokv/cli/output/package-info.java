/**
 * How the CLI writes machine-readable output ({@code --output json}); shared by the commands and
 * the benchmark reports, and depending on neither.
 */
package dev.mokv.cli.output;
