package dev.steward.bots.cli;

import dev.steward.bot.config.ConfigException;
import dev.steward.bot.config.ConfigLoader;
import dev.steward.client.MatrixClient;
import dev.steward.client.MatrixException;
import dev.steward.client.UserId;
import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code steward init}: checks that the bot account can log in, then writes a starting config for it. The password
 * is read from the environment variable named by {@code --password-env} (default {@code STEWARD_PASSWORD}) or, when
 * that is unset, from the terminal without echo; the file refers to the variable and never holds the password.
 */
@Command(name = "init", description = "Check that the bot account can log in and write a starting config file.")
final class Init implements Callable<Integer> {
  /** Exit code when the homeserver refused the login or could not be reached: no file was written. */
  static final int LOGIN_FAILED = 1;

  @Option(names = "--homeserver", required = true, description = "The homeserver's base URL, e.g. https://matrix.example.org.")
  String homeserver;

  @Option(names = "--user", required = true, description = "The bot account's full id, e.g. @bot:example.org.")
  String user;

  @Option(names = "--owner", description = "A user who may run every command and whose invites the bot accepts.")
  String owner;

  @Option(names = "--password-env", defaultValue = "STEWARD_PASSWORD",
      description = "The environment variable with the password, read now and by the written config "
          + "(default: ${DEFAULT-VALUE}); when unset, the password is asked for on the terminal.")
  String passwordEnv;

  @Option(names = {"-o", "--output"}, defaultValue = "config/steward.yaml",
      description = "Where to write the config (default: ${DEFAULT-VALUE}).")
  Path output;

  @Option(names = "--force", description = "Overwrite the output file if it exists.")
  boolean force;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  /** Reads the environment; tests replace it. */
  Function<String, String> env = System::getenv;
  /** Asks for the password without echo; null when there is no terminal. Tests replace it. */
  Function<String, char[]> askPassword = prompt -> {
    Console console = System.console();
    return console == null ? null : console.readPassword("%s", prompt);
  };

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    UserId userId;
    UserId ownerId;
    try {
      userId = UserId.of(user);
      ownerId = owner == null ? null : UserId.of(owner);
    } catch (IllegalArgumentException e) {
      err.println("init: " + e.getMessage());
      return CommandLine.ExitCode.USAGE;
    }
    if (!passwordEnv.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      err.println("init: --password-env must be an environment variable name, found '" + passwordEnv + "'");
      return CommandLine.ExitCode.USAGE;
    }
    if (Files.exists(output) && !force) {
      err.println("init: " + output + " exists; pass --force to overwrite it");
      return CommandLine.ExitCode.USAGE;
    }
    String password = env.apply(passwordEnv);
    if (password == null || password.isEmpty()) {
      char[] typed = askPassword.apply("Password for " + userId + ": ");
      if (typed == null) {
        err.println("init: no password: set " + passwordEnv + " or run on a terminal");
        return CommandLine.ExitCode.USAGE;
      }
      password = new String(typed);
    }
    String yaml = config(homeserver, userId, ownerId, passwordEnv);
    try {
      // The file is checked as `run` would check it, before anything touches the homeserver.
      StewardCli.check(ConfigLoader.loadString(yaml, Map.of(passwordEnv, password)::get));
    } catch (ConfigException | IllegalArgumentException e) {
      err.println("init: " + e.getMessage());
      return StewardCli.CONFIG_ERROR;
    }
    try (MatrixClient client = MatrixClient.builder().homeserver(homeserver).build()) {
      client.login(userId.value(), password, null, "steward init");
      out.println("login OK: " + client.userId() + " on " + homeserver);
      client.logout(); // a check, not a session: no device is left behind
    } catch (MatrixException e) {
      err.println("init: the homeserver refused the login: " + e.getMessage());
      return LOGIN_FAILED;
    } catch (RuntimeException e) {
      err.println("init: cannot log in at " + homeserver + ": " + e.getMessage());
      return LOGIN_FAILED;
    }
    try {
      if (output.getParent() != null) {
        Files.createDirectories(output.getParent());
      }
      Files.writeString(output, yaml, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
    } catch (IOException e) {
      err.println("init: cannot write " + output + ": " + e.getMessage());
      return LOGIN_FAILED;
    }
    out.println("wrote " + output + "; start the bot with " + passwordEnv + " set: steward run --config " + output);
    return 0;
  }

  /** The starting config: this homeserver and account, the password from the environment, two simple bots. */
  static String config(String homeserver, UserId user, UserId owner, String passwordEnv) {
    String owners = owner == null ? "[]" : "[\"" + owner.value() + "\"]";
    return """
        # Written by `steward init`. Every key is documented in the project's config/steward.yaml.
        homeserver:
          url: %s
        auth:
          user_id: "%s"
          # Read from the environment when the bot starts; never write the password itself here.
          password: ${%s}
        bot:
          # May run every command, in every room.
          owners: %s
        storage:
          # Embedded H2 in ./data; for production use jdbc:postgresql://host:5432/steward
          url: jdbc:h2:file:./data/steward
        ops:
          # Metrics and health on http://127.0.0.1:9464/metrics, /health, /ready; "" turns them off.
          listen: 127.0.0.1:9464
        bots:
          # Accepts invites from the users and servers listed (none: it joins nothing).
          autojoin:
            enabled: true
            users: %s
          # Answers "!echo text" with the text: a first check that the bot hears you.
          echo:
            enabled: true
        """.formatted(homeserver, user.value(), passwordEnv, owners, owners);
  }
}
