package dev.steward.bots.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import org.slf4j.LoggerFactory;

/**
 * The steward command's logging, set up in code: plain lines by default, one JSON object a line with
 * {@code STEWARD_LOG_FORMAT=json} (timestamp, level, thread, logger, message, throwable, and under {@code "mdc"} the
 * event id, room, sender and handler of the event a handler thread is working on); the root level from
 * {@code STEWARD_LOG_LEVEL} (default INFO). Each is read from a system property, else the environment. A
 * {@code logback.configurationFile} system property, or a {@code logback.xml} on the class path, names a logback
 * file that is used instead. Logback finds this set-up through {@link LogConfigurator}.
 *
 * <p>In code rather than a logback.xml because reading the XML (the XML parser, logback's model classes) took
 * 150–200 ms of every start, and an appender the file did not use made logback print its status on every start.
 */
final class LogSetup {
  /** The root level: a logback level name. */
  static final String LOG_LEVEL = "STEWARD_LOG_LEVEL";

  private LogSetup() {}

  /** Sets up the logging of this process: logback configures itself through {@link LogConfigurator}. */
  static void apply() {
    LoggerFactory.getILoggerFactory();
  }

  /**
   * Replaces {@code context}'s configuration: {@code format} {@code text} (or null) or {@code json}, the root at
   * {@code level} (INFO when null or not a level).
   */
  static void apply(LoggerContext context, String format, String level) {
    context.reset();
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(context);
    console.setName(format == null ? "text" : format);
    console.setEncoder("json".equals(format) ? json(context) : text(context));
    console.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.toLevel(level, Level.INFO));
    root.addAppender(console);
    // A line per pool event and per migration is noise for a bot's operator.
    context.getLogger("com.zaxxer.hikari").setLevel(Level.WARN);
    context.getLogger("org.flywaydb").setLevel(Level.WARN);
  }

  private static Encoder<ILoggingEvent> text(LoggerContext context) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{0} - %msg%n");
    encoder.start();
    return encoder;
  }

  private static Encoder<ILoggingEvent> json(LoggerContext context) {
    JsonEncoder encoder = new JsonEncoder();
    encoder.setContext(context);
    encoder.setWithSequenceNumber(false);
    encoder.setWithNanoseconds(false);
    encoder.setWithContext(false);
    encoder.setWithMessage(false);
    encoder.setWithArguments(false);
    encoder.setWithFormattedMessage(true);
    encoder.start();
    return encoder;
  }

  /** A setting from a system property, else the environment; null when neither has it. */
  static String setting(String name) {
    String value = System.getProperty(name);
    return value != null ? value : System.getenv(name);
  }
}
