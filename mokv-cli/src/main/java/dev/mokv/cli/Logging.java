package dev.mokv.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code log-level} and {@code log-format}, and puts the node name into every log line: the
 * text pattern shows it in brackets, the JSON encoder under {@code context.properties.node}.
 */
final class Logging {

  /** The console appender of {@code logback.xml}. */
  static final String APPENDER = "STDERR";

  private Logging() {}

  static void configure(String level, String nodeName, String format) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.putProperty("node", nodeName);
    Logger mokv = context.getLogger("dev.mokv");
    mokv.setLevel(Level.toLevel(level, Level.INFO));
    // Ratis's shaded gRPC logs through java.util.logging; keep only its warnings.
    java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
    if ("json".equals(format)) {
      useJson(context);
    }
  }

  /** Swaps the console appender's pattern for one JSON object per line. */
  private static void useJson(LoggerContext context) {
    Appender<ILoggingEvent> appender =
        context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender(APPENDER);
    if (!(appender instanceof OutputStreamAppender<ILoggingEvent> console)) {
      return; // A custom logback configuration: leave its format alone.
    }
    JsonEncoder json = new JsonEncoder();
    json.setContext(context);
    // The formatted message says it all; the raw template, arguments and counters are noise.
    json.setWithMessage(false);
    json.setWithArguments(false);
    json.setWithSequenceNumber(false);
    json.setWithNanoseconds(false);
    json.setWithFormattedMessage(true);
    json.start();
    console.stop();
    console.setEncoder(json);
    console.start();
  }
}
