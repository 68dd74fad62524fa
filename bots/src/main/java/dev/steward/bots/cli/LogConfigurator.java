package dev.steward.bots.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logback's configuration for a process that runs the steward jar, found by logback as a service: the console lines
 * of {@link LogSetup}, unless the process names or carries a logback file of its own
 * ({@code -Dlogback.configurationFile}, or a {@code logback-test.xml} or {@code logback.xml} on the class path), which
 * logback then reads as it always does.
 *
 * <p>A service rather than a reset after logback has set itself up: logback's own search (a serialized model, then
 * the XML files, then its basic console set-up, each timed and noted in its status) took some 50 ms of every start.
 */
public final class LogConfigurator extends ContextAwareBase implements Configurator {
  /** Whether this process names or carries a logback file of its own, which then wins over this set-up. */
  static boolean fileGiven(ClassLoader loader, String configurationFile) {
    return configurationFile != null
        || loader.getResource("logback-test.xml") != null || loader.getResource("logback.xml") != null;
  }

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    return configure(context, fileGiven(LogConfigurator.class.getClassLoader(),
        System.getProperty("logback.configurationFile")));
  }

  /** Sets up {@code context} as {@link LogSetup} does unless a logback file was given, which logback then reads. */
  static ExecutionStatus configure(LoggerContext context, boolean fileGiven) {
    if (fileGiven) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    LogSetup.apply(context, LogSetup.setting(StewardCli.LOG_FORMAT), LogSetup.setting(LogSetup.LOG_LEVEL));
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
