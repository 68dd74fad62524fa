package dev.steward.bots.cli;

import dev.steward.bot.config.ConfigException;
import dev.steward.bot.config.ConfigLoader;
import dev.steward.bot.config.ConfigProblem;
import dev.steward.bot.config.StewardConfig;
import dev.steward.bot.runtime.BotSettings;
import dev.steward.bot.runtime.Steward;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The {@code steward} command: run the bots, check a config file, print the version. */
@Command(name = "steward", mixinStandardHelpOptions = true, versionProvider = StewardCli.Version.class,
    description = "Matrix bots on the JVM.",
    subcommands = {StewardCli.Run.class, StewardCli.CheckConfig.class, Init.class, StewardCli.VersionCommand.class})
public final class StewardCli implements Callable<Integer> {
  /** Exit code for a bad config file: nothing was sent to the homeserver. */
  static final int CONFIG_ERROR = 2;
  static final String[] PACKAGES = {"dev.steward"};

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) throws InterruptedException {
    String badFormat = logFormatProblem(System.getProperty(LOG_FORMAT, System.getenv(LOG_FORMAT)));
    if (badFormat != null) {
      System.err.println("steward: " + badFormat);
      System.exit(CONFIG_ERROR);
    }
    LogSetup.apply();
    Path plain = plainRun(args);
    System.exit(plain != null ? Run.run(plain, new PrintWriter(System.err, true)) : execute(args));
  }

  /** The config file {@code run} reads unless told otherwise. */
  static final String DEFAULT_CONFIG = "config/steward.yaml";

  /**
   * The config file of a plain {@code run}: {@code run}, {@code run --config FILE}, {@code run -c FILE} or
   * {@code run --config=FILE}; null for anything else, which picocli parses (help, usage errors, other commands).
   * A bot's start skips picocli this way: its classes are Java 5 bytecode, which Java 17's class-data archive
   * cannot hold, so every start loaded and verified some 170 of them before the bot began.
   */
  static Path plainRun(String... args) {
    if (args.length == 0 || !args[0].equals("run")) {
      return null;
    }
    String file;
    if (args.length == 1) {
      file = DEFAULT_CONFIG;
    } else if (args.length == 3 && (args[1].equals("--config") || args[1].equals("-c"))) {
      file = args[2];
    } else if (args.length == 2 && args[1].startsWith("--config=")) {
      file = args[1].substring("--config=".length());
    } else {
      return null;
    }
    if (file.isEmpty() || file.startsWith("-")) {
      return null; // picocli says what is wrong with it
    }
    try {
      return Path.of(file);
    } catch (java.nio.file.InvalidPathException e) {
      return null;
    }
  }

  /** Chooses the log format (see {@link LogSetup}): {@code text} or {@code json}. */
  static final String LOG_FORMAT = "STEWARD_LOG_FORMAT";

  /**
   * Why {@code value} is no log format, or null when it is one (or unset). Checked before anything logs, so that a
   * misspelt format is an error rather than plain lines.
   */
  static String logFormatProblem(String value) {
    if (value == null || value.equals("text") || value.equals("json")) {
      return null;
    }
    return LOG_FORMAT + " must be 'text' or 'json', not '" + value + "'";
  }

  /** Runs the CLI and returns its exit code. */
  public static int execute(String... args) {
    return new CommandLine(new StewardCli()).execute(args);
  }

  /** Runs the CLI with its output captured (tests). */
  static int execute(PrintWriter out, PrintWriter err, String... args) {
    return new CommandLine(new StewardCli()).setOut(out).setErr(err).execute(args);
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return CommandLine.ExitCode.USAGE;
  }

  /**
   * Checks everything that can be checked without the homeserver, the same for {@code run} and
   * {@code check-config}: every section names a known bot, at least one is enabled, and each enabled bot's settings
   * bind. Returns the enabled bots' classes; throws a {@link ConfigException} listing every problem.
   */
  static List<Class<?>> check(StewardConfig config) {
    BotCatalog catalog = new BotCatalog(PACKAGES);
    List<ConfigProblem> problems = new ArrayList<>(catalog.unknown(config));
    List<Class<?>> bots = catalog.enabled(config);
    if (bots.isEmpty()) {
      problems.add(new ConfigProblem("bots", "no bot is enabled; add a section with 'enabled: true' for one of: "
          + String.join(", ", catalog.names())));
    }
    try {
      BotSettings.bind(config, bots);
    } catch (ConfigException e) {
      problems.addAll(e.problems());
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return bots;
  }

  /** {@code steward run}: connects and handles events until SIGTERM or a fatal error. */
  @Command(name = "run", description = "Run the bots enabled in the config file.")
  static final class Run implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, description = "The YAML config file (default: ${DEFAULT-VALUE}).",
        defaultValue = DEFAULT_CONFIG)
    Path config;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
      return run(config, spec.commandLine().getErr());
    }

    /** Runs the bots of {@code config} until stopped; returns the exit code, saying why on {@code err}. */
    static int run(Path config, PrintWriter err) throws InterruptedException {
      StewardConfig cfg;
      List<Class<?>> bots;
      try {
        cfg = ConfigLoader.load(config);
        bots = check(cfg);
      } catch (ConfigException | IllegalArgumentException e) {
        err.println(e.getMessage());
        return CONFIG_ERROR;
      }
      Steward steward = Steward.builder(cfg).bots(bots.toArray(new Class<?>[0])).build();
      Runtime.getRuntime().addShutdownHook(new Thread(steward::close, "steward-shutdown"));
      try {
        steward.start();
      } catch (ConfigException e) {
        // Checked above already; the runtime checks again before it logs in, and would say the same.
        err.println(e.getMessage());
        return CONFIG_ERROR;
      }
      steward.awaitTermination();
      if (steward.failure().isPresent()) {
        err.println("stopped: " + steward.failure().get().getMessage());
        return 1;
      }
      return 0;
    }
  }

  /** {@code steward check-config FILE}: validates without touching the homeserver. */
  @Command(name = "check-config", description = "Check a config file without connecting to the homeserver.")
  static final class CheckConfig implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "The YAML config file.")
    Path config;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      try {
        StewardConfig cfg = ConfigLoader.load(config);
        List<Class<?>> bots = check(cfg);
        spec.commandLine().getOut().println("config OK: " + config + " (user " + cfg.auth().userId() + ", bots: "
            + bots.stream().map(b -> b.getAnnotation(dev.steward.bot.annotation.Bot.class).value()).toList() + ")");
        return 0;
      } catch (ConfigException | IllegalArgumentException e) {
        spec.commandLine().getErr().println(e.getMessage());
        return CONFIG_ERROR;
      }
    }
  }

  /** {@code steward version}. */
  @Command(name = "version", description = "Print the version.")
  static final class VersionCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      spec.commandLine().getOut().println(new Version().getVersion()[0]);
      return 0;
    }
  }

  /** The version from the jar manifest, or "development" when run from classes. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = StewardCli.class.getPackage().getImplementationVersion();
      return new String[] {"steward " + (v == null ? "(development build)" : v)};
    }
  }
}
