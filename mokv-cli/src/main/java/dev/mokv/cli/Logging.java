package dev.mokv.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

/** Applies {@code log-level} and puts the node name into every log line. */
final class Logging {

  private Logging() {}

  static void configure(String level, String nodeName) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.putProperty("node", nodeName);
    Logger mokv = context.getLogger("dev.mokv");
    mokv.setLevel(Level.toLevel(level, Level.INFO));
    // Ratis's shaded gRPC logs through java.util.logging; keep only its warnings.
    java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
  }
}
