package dev.steward.bot.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvSubstitutionTest {
  private static final String HEAD = """
      homeserver: {url: "${HS_URL:-http://127.0.0.1:8008}"}
      """;

  @Test
  void substitutesASetVariable() {
    StewardConfig config = load(HEAD + "auth: {user_id: '@bot:localhost', password: '${STEWARD_PASSWORD}'}\n",
        Map.of("STEWARD_PASSWORD", "s3cret"));

    assertThat(config.auth().password()).contains("s3cret");
  }

  @Test
  void usesTheDefaultWhenTheVariableIsUnsetOrEmpty() {
    String yaml = HEAD + "auth: {user_id: '@bot:localhost', password: '${PW:-fallback}'}\n";

    assertThat(load(yaml, Map.of()).auth().password()).contains("fallback");
    assertThat(load(yaml, Map.of("PW", "")).auth().password()).contains("fallback");
    assertThat(load(yaml, Map.of("PW", "real")).auth().password()).contains("real");
    assertThat(load(yaml, Map.of()).homeserver().url()).hasToString("http://127.0.0.1:8008");
  }

  @Test
  void reportsAMissingVariableAtItsKeyPathByName() {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> load(HEAD + "auth: {user_id: '@bot:localhost', password: '${STEWARD_PASSWORD}'}\n", Map.of()));

    assertThat(e.problems()).containsExactly(
        new ConfigProblem("auth.password", "environment variable STEWARD_PASSWORD is not set"));
    assertThat(e.getMessage())
        .isEqualTo("config error at 'auth.password': environment variable STEWARD_PASSWORD is not set");
  }

  @Test
  void keepsALiteralDollarBraceWrittenAsDoubleDollar() {
    StewardConfig config = load(HEAD + "auth: {user_id: '@bot:localhost', password: 'a$${NOT_A_VAR}b$x'}\n",
        Map.of());

    assertThat(config.auth().password()).contains("a${NOT_A_VAR}b$x");
  }

  @Test
  void substitutesSeveralVariablesInOneValueAndInsideLists() {
    StewardConfig config = load(HEAD + """
        auth: {user_id: '@${BOT}:${DOMAIN}', password: pw}
        bot: {owners: ['@${ADMIN}:${DOMAIN}']}
        """, Map.of("BOT", "steward", "DOMAIN", "example.org", "ADMIN", "alice"));

    assertThat(config.auth().userId().value()).isEqualTo("@steward:example.org");
    assertThat(config.bot().owners()).extracting(Object::toString).containsExactly("@alice:example.org");
  }

  @Test
  void reportsAMissingVariableInAListItemWithItsIndex() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(HEAD + """
        auth: {user_id: '@bot:localhost', password: pw}
        bot: {owners: ['@a:localhost', '${SECOND_OWNER}']}
        """, Map.of()));

    assertThat(e.problems()).containsExactly(
        new ConfigProblem("bot.owners[1]", "environment variable SECOND_OWNER is not set"));
  }

  @Test
  void bindsNumbersAndBooleansThatComeFromVariables() {
    StewardConfig config = load(HEAD + """
        auth: {user_id: '@bot:localhost', password: pw}
        bot: {handler_threads: '${THREADS:-2}', reply_when_refused: '${REPLY}'}
        """, Map.of("REPLY", "false"));

    assertThat(config.bot().handlerThreads()).isEqualTo(2);
    assertThat(config.bot().replyWhenRefused()).isFalse();
  }

  @Test
  void reportsAnUnterminatedReferenceAndABadName() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(HEAD + """
        auth: {user_id: '@bot:localhost', password: '${PW', device_id: '${1X}'}
        """, Map.of()));

    assertThat(e.problems()).extracting(ConfigProblem::path).containsExactly("auth.password", "auth.device_id");
    assertThat(e.problems().get(0).message()).contains("no closing '}'");
    assertThat(e.problems().get(1).message()).contains("'${1X}' does not name an environment variable");
  }

  @Test
  void leavesKeysAndNonStringValuesAlone() {
    StewardConfig config = load(HEAD + """
        auth: {user_id: '@bot:localhost', password: pw}
        bots:
          ${NAME}: {enabled: false}
        """, Map.of("NAME", "renamed"));

    assertThat(config.bots()).containsOnlyKeys("${NAME}");
  }

  private static StewardConfig load(String yaml, Map<String, String> env) {
    return ConfigLoader.loadString(yaml, env::get);
  }
}
