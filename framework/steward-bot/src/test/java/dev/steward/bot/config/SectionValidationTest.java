package dev.steward.bot.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.steward.client.UserId;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SectionValidationTest {
  private static final String HOMESERVER = "homeserver: {url: 'http://127.0.0.1:8008'}\n";
  private static final String AUTH = "auth: {user_id: '@bot:localhost', password: pw}\n";

  @Test
  void requiresAPasswordOrAnAccessTokenNamingBoth() {
    ConfigException e = fails(HOMESERVER + "auth: {user_id: '@bot:localhost'}\n");

    assertThat(e.problems()).containsExactly(new ConfigProblem("auth", "set one of 'password' or 'access_token'"));
  }

  @Test
  void rejectsBothAPasswordAndAnAccessToken() {
    ConfigException e = fails(HOMESERVER + "auth: {user_id: '@bot:localhost', password: a, access_token: b}\n");

    assertThat(e.problems()).containsExactly(
        new ConfigProblem("auth", "set only one of 'password' and 'access_token', not both"));
  }

  @Test
  void treatsAnEmptyPasswordFromAnUnsetVariableAsNoPassword() {
    StewardConfig config = ConfigLoader.loadString(HOMESERVER
        + "auth: {user_id: '@bot:localhost', password: '${PW:-}', access_token: tok}\n", name -> null);

    assertThat(config.auth().password()).isEmpty();
    assertThat(config.auth().accessToken()).contains("tok");
  }

  @Test
  void reportsAnInvalidUserIdAtItsKey() {
    ConfigException e = fails(HOMESERVER + "auth: {user_id: 'bot', password: pw}\n");

    assertThat(e.problems()).containsExactly(
        new ConfigProblem("auth.user_id", "'bot' is not a valid user id: must start with '@'"));
  }

  @Test
  void requiresAnHttpHomeserverUrl() {
    assertThat(fails("homeserver: {url: 'ftp://example.org'}\n" + AUTH).problems()).containsExactly(
        new ConfigProblem("homeserver.url", "'ftp://example.org' is not an http(s) URL; "
            + "write e.g. https://matrix.example.org"));
    assertThat(fails("homeserver: {url: 'localhost'}\n" + AUTH).path()).isEqualTo("homeserver.url");
    assertThat(fails("homeserver: {url: 'http://exa mple.org'}\n" + AUTH).problems().get(0).message())
        .startsWith("'http://exa mple.org' is not a valid URL");
  }

  @Test
  void reportsEveryRuntimeSettingOutOfRange() {
    ConfigException e = fails(HOMESERVER + AUTH + """
        bot: {command_prefix: '! ', handler_threads: 65, dedupe_size: 99}
        """);

    assertThat(e.problems()).containsExactly(
        new ConfigProblem("bot.command_prefix", "must not contain whitespace, found '! '"),
        new ConfigProblem("bot.handler_threads", "must be from 1 to 64, found 65"),
        new ConfigProblem("bot.dedupe_size", "must be at least 100, found 99"));
  }

  @Test
  void aNegativeOutageBudgetBuiltInCodeIsRefusedByItsKey() {
    ConfigException e = catchThrowableOfType(() -> new BotConfig("!", java.util.List.of(), false, true, 4, 10_000,
        java.time.Duration.ofSeconds(30), java.time.Duration.ofSeconds(-1)), ConfigException.class);

    assertThat(e.problems()).containsExactly(new ConfigProblem("outage_budget", "must not be negative, found PT-1S"));
  }

  @Test
  void rejectsAnEmptyPrefixAndZeroThreads() {
    ConfigException e = fails(HOMESERVER + AUTH + "bot: {command_prefix: '', handler_threads: 0}\n");

    assertThat(e.problems()).containsExactly(
        new ConfigProblem("bot.command_prefix", "must not be empty"),
        new ConfigProblem("bot.handler_threads", "must be from 1 to 64, found 0"));
  }

  @Test
  void acceptsOnlyH2AndPostgresqlStorage() {
    ConfigException e = fails(HOMESERVER + AUTH + "storage: {url: 'jdbc:mysql://db/steward'}\n");

    assertThat(e.problems()).containsExactly(new ConfigProblem("storage.url",
        "must start with 'jdbc:h2:' or 'jdbc:postgresql:', found 'jdbc:mysql://db/steward'"));
  }

  @Test
  void hidesSecretsInToString() {
    AuthConfig auth = new AuthConfig(UserId.of("@bot:localhost"), Optional.of("hunter2"), Optional.empty(),
        Optional.of("DEV"), "Steward");
    AuthConfig byToken = new AuthConfig(UserId.of("@bot:localhost"), Optional.empty(), Optional.of("syt_secret"),
        Optional.empty(), "Steward");
    StorageConfig storage = new StorageConfig("jdbc:postgresql://db/steward", "steward", "dbpass");

    assertThat(auth.toString()).doesNotContain("hunter2").contains("password=<hidden>", "@bot:localhost");
    assertThat(byToken.toString()).doesNotContain("syt_secret").contains("accessToken=<hidden>");
    assertThat(storage.toString()).doesNotContain("dbpass").contains("password=<hidden>");
    StewardConfig whole = ConfigLoader.loadString(HOMESERVER + AUTH, name -> null);
    assertThat(whole.toString()).doesNotContain("password=pw").contains("<hidden>");
  }

  @Test
  void answersWhetherAUserIsAnOwner() {
    StewardConfig config = ConfigLoader.loadString(HOMESERVER + AUTH + "bot: {owners: ['@admin:localhost']}\n",
        name -> null);

    assertThat(config.bot().isOwner(UserId.of("@admin:localhost"))).isTrue();
    assertThat(config.bot().isOwner(UserId.of("@eve:localhost"))).isFalse();
  }

  private static ConfigException fails(String yaml) {
    return catchThrowableOfType(ConfigException.class, () -> ConfigLoader.loadString(yaml, name -> null));
  }
}
