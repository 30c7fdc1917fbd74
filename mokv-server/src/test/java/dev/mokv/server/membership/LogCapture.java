package dev.mokv.server.membership;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Captures what one class logs, for assertions on log lines; restores the logger on close. */
final class LogCapture implements AutoCloseable {

  private final Logger logger;
  private final Level previousLevel;
  private final boolean previousAdditive;
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  /** Captures WARN and above, still printing them. */
  LogCapture(Class<?> source) {
    this(source, null);
  }

  /** Captures from {@code level} up, e.g. DEBUG, without printing what is captured. */
  LogCapture(Class<?> source, Level level) {
    logger = (Logger) LoggerFactory.getLogger(source);
    previousLevel = logger.getLevel();
    previousAdditive = logger.isAdditive();
    if (level != null) {
      logger.setLevel(level);
      logger.setAdditive(false);
    }
    appender.start();
    logger.addAppender(appender);
  }

  List<ILoggingEvent> warnings() {
    return appender.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).toList();
  }

  /** Whether any captured line, formatted, contains {@code text}. */
  boolean logged(String text) {
    return appender.list.stream().anyMatch(e -> e.getFormattedMessage().contains(text));
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
    logger.setLevel(previousLevel);
    logger.setAdditive(previousAdditive);
  }
}
