package dev.steward.bots.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.ConsoleAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.MDC;

/**
 * The steward command's logging ({@link LogSetup}): plain lines by default, JSON lines with the handler's MDC with
 * STEWARD_LOG_FORMAT=json.
 */
class LogFormatTest {
  /** Configures a logger context of its own as the command does, logs one line, returns what reached stdout. */
  private static String logOneLine(String format) throws Exception {
    return logOneLine(format, null, "dev.steward.bots.Example");
  }

  private static String logOneLine(String format, String level, String logger) {
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(MDC.getMDCAdapter()); // the one the runtime's MDC.put writes to
    context.start();
    PrintStream stdout = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      LogSetup.apply(context, format, level);
      Logger log = context.getLogger(logger);
      MDC.put("event_id", "$ev1");
      MDC.put("handler", "PingBot.ping");
      try {
        log.info("answered {} in {}", "!ping", "!room:test");
      } finally {
        MDC.clear();
      }
    } finally {
      context.stop();
      System.setOut(stdout);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  @Test
  void plainLinesByDefault() throws Exception {
    String out = logOneLine(null);
    assertThat(out).contains("INFO  Example - answered !ping in !room:test").doesNotContain("{");
  }

  @Test
  void jsonLinesCarryTheFormattedMessageAndTheHandlersEventAndName() throws Exception {
    String out = logOneLine("json").strip();
    assertThat(out.lines()).hasSize(1);
    JsonNode line = new ObjectMapper().readTree(out);
    assertThat(line.path("level").asText()).isEqualTo("INFO");
    assertThat(line.path("loggerName").asText()).isEqualTo("dev.steward.bots.Example");
    assertThat(line.path("formattedMessage").asText()).isEqualTo("answered !ping in !room:test");
    assertThat(line.path("mdc").path("event_id").asText()).isEqualTo("$ev1");
    assertThat(line.path("mdc").path("handler").asText()).isEqualTo("PingBot.ping");
    assertThat(line.path("timestamp").asLong()).isPositive();
  }

  @Test
  void theLevelSettingQuietsInfoAndThePoolAndMigrationsAreQuietByDefault() {
    assertThat(logOneLine(null, "WARN", "dev.steward.bots.Example")).isEmpty();
    assertThat(logOneLine(null, null, "com.zaxxer.hikari.HikariDataSource")).isEmpty();
    assertThat(logOneLine(null, null, "org.flywaydb.core.Flyway")).isEmpty();
    assertThat(logOneLine(null, "debug", "dev.steward.bots.Example")).contains("answered !ping");
  }

  @Test
  void anUnknownFormatIsRefusedBeforeAnythingLogs() {
    assertThat(StewardCli.logFormatProblem(null)).isNull();
    assertThat(StewardCli.logFormatProblem("json")).isNull();
    assertThat(StewardCli.logFormatProblem("xml")).isEqualTo("STEWARD_LOG_FORMAT must be 'text' or 'json', not 'xml'");
  }

  @Test
  void logbackFindsTheSetUpAsAServiceUnlessAFileIsGiven() throws Exception {
    ClassLoader bare = new ClassLoader(null) {};
    assertThat(LogConfigurator.fileGiven(bare, null)).isFalse();
    assertThat(LogConfigurator.fileGiven(bare, "/etc/steward/logback.xml")).isTrue();
    Path dir = Files.createTempDirectory("logback-given");
    Files.writeString(dir.resolve("logback.xml"), "<configuration/>");
    try (URLClassLoader withFile = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
      assertThat(LogConfigurator.fileGiven(withFile, null)).isTrue();
    }

    LoggerContext given = new LoggerContext();
    assertThat(LogConfigurator.configure(given, true)).isEqualTo(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY);
    assertThat(given.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext()).isFalse();

    LoggerContext context = new LoggerContext();
    assertThat(LogConfigurator.configure(context, false))
        .isEqualTo(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
    var appenders = context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders();
    assertThat(appenders.next()).isInstanceOf(ConsoleAppender.class);
    assertThat(context.getLogger("com.zaxxer.hikari").getLevel()).isEqualTo(Level.WARN);
  }
}
