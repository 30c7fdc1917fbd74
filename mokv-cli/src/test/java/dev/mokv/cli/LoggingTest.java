package dev.mokv.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

@Timeout(10)
class LoggingTest {

  private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();

  @AfterEach
  void restoreTextFormat() {
    console().stop();
    PatternLayoutEncoder text = new PatternLayoutEncoder();
    text.setContext(context);
    text.setPattern("%-5level [%property{node}] %logger{24} - %msg%n");
    text.start();
    console().setEncoder(text);
    console().start();
  }

  @SuppressWarnings("unchecked")
  private OutputStreamAppender<ILoggingEvent> console() {
    return (OutputStreamAppender<ILoggingEvent>)
        context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender(Logging.APPENDER);
  }

  private String encode(String message) {
    Logger logger = context.getLogger("dev.mokv.server.MokvNode");
    LoggingEvent event =
        new LoggingEvent(Logger.FQCN, logger, Level.INFO, message, null, new Object[0]);
    Encoder<ILoggingEvent> encoder = console().getEncoder();
    return new String(encoder.encode(event), StandardCharsets.UTF_8);
  }

  @Test
  void configure_text_keepsThePatternWithTheNodeName() {
    Logging.configure("DEBUG", "n7", "text");

    assertThat(encode("hello")).contains("[n7]").contains("hello").doesNotStartWith("{");
    assertThat(context.getLogger("dev.mokv").getLevel()).isEqualTo(Level.DEBUG);
  }

  @Test
  void configure_json_writesOneObjectPerLineWithTheNodeName() {
    Logging.configure("INFO", "n8", "json");

    String line = encode("hello \"world\"");

    assertThat(line).startsWith("{").endsWith("}\n");
    assertThat(line.strip()).doesNotContain("\n");
    assertThat(line)
        .contains("\"level\":\"INFO\"")
        .contains("\"node\":\"n8\"")
        .contains("\"formattedMessage\":\"hello \\\"world\\\"\"")
        .contains("\"loggerName\":\"dev.mokv.server.MokvNode\"");
  }
}
