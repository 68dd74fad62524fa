package dev.steward.bots.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.bot.store.StewardStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StewardCliTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @TempDir
  Path dir;

  private int run(String... args) {
    return StewardCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  private Path yaml(String text) throws Exception {
    Path f = dir.resolve("steward.yaml");
    Files.writeString(f, text);
    return f;
  }

  @Test
  void printsTheVersion() {
    assertThat(run("version")).isZero();
    assertThat(out.toString()).startsWith("steward ");
  }

  @Test
  void aPlainRunSkipsPicocliAndEverythingElseGoesThroughIt() throws Exception {
    assertThat(StewardCli.plainRun("run")).isEqualTo(Path.of("config/steward.yaml"));
    assertThat(StewardCli.plainRun("run", "--config", "/etc/steward/steward.yaml"))
        .isEqualTo(Path.of("/etc/steward/steward.yaml"));
    assertThat(StewardCli.plainRun("run", "-c", "a.yaml")).isEqualTo(Path.of("a.yaml"));
    assertThat(StewardCli.plainRun("run", "--config=b.yaml")).isEqualTo(Path.of("b.yaml"));
    for (String[] other : new String[][] {{}, {"version"}, {"run", "--help"}, {"run", "--config"},
        {"run", "--config", "--help"}, {"run", "--config="}, {"run", "a.yaml"}, {"run", "-c", "a.yaml", "extra"},
        {"check-config", "a.yaml"}}) {
      assertThat(StewardCli.plainRun(other)).as(String.join(" ", other)).isNull();
    }
    // What the plain path runs is what picocli's run runs: a bad config is exit 2 with the key named.
    Path bad = yaml("homeserver: {url: 'not a url'}\n");
    StringWriter plainErr = new StringWriter();
    assertThat(StewardCli.Run.run(StewardCli.plainRun("run", "--config", bad.toString()),
        new PrintWriter(plainErr, true))).isEqualTo(StewardCli.CONFIG_ERROR);
    assertThat(run("run", "--config", bad.toString())).isEqualTo(StewardCli.CONFIG_ERROR);
    assertThat(plainErr.toString()).isNotBlank().isEqualTo(err.toString());
  }

  @Test
  void acceptsTheExampleConfigAndListsItsBots() {
    int code = run("check-config", "../config/steward.yaml");

    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).contains("config OK").contains("echo");
  }

  @Test
  void badConfigNamesTheKeyAndExitsWith2() throws Exception {
    Path f = yaml("homeserver: {url: 'http://127.0.0.1:8008'}\nauth: {user_id: '@bot', password: x}\n");

    assertThat(run("check-config", f.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("auth.user_id");
  }

  @Test
  void unknownBotIsAConfigError() throws Exception {
    Path f = yaml("homeserver: {url: 'http://127.0.0.1:8008'}\nauth: {user_id: '@bot:localhost', password: x}\n"
        + "bots: {nosuch: {enabled: true}}\n");

    assertThat(run("check-config", f.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("'bots.nosuch'").contains("known bots: ").contains("echo");
  }

  @Test
  void runWithABadConfigNeverContactsTheHomeserver() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.start();
      Path f = yaml("homeserver: {url: '" + server.url("/") + "'}\n"
          + "auth: {user_id: '@bot:localhost', password: x}\nbot: {handler_threads: 0}\nbots: {echo: {}}\n");

      assertThat(run("run", "--config", f.toString())).isEqualTo(2);
      assertThat(err.toString()).contains("bot.handler_threads");
      assertThat(server.getRequestCount()).isZero();
    }
  }

  /**
   * Runs {@code check-config} and then {@code run} on {@code bots} (the body of a {@code bots:} section) with the
   * homeserver at a MockWebServer; both must exit 2 with the same message, and the homeserver hear nothing.
   */
  private String refusedByCheckAndRun(String bots) throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.start();
      Path f = yaml("homeserver: {url: '" + server.url("/") + "'}\n"
          + "auth: {user_id: '@bot:localhost', password: x}\nstorage: {url: 'jdbc:h2:file:" + dir + "/store'}\n"
          + bots);

      int checked = run("check-config", f.toString());
      String checkMessage = err.toString();
      err.getBuffer().setLength(0);
      int ran = run("run", "--config", f.toString());

      assertThat(checked).as(checkMessage).isEqualTo(2);
      assertThat(ran).as(err.toString()).isEqualTo(2);
      assertThat(err.toString()).isEqualTo(checkMessage);
      assertThat(server.getRequestCount()).isZero();
      assertThat(out.toString()).doesNotContain("config OK");
      try (var files = Files.list(dir)) {
        assertThat(files).as("no store opened").containsExactly(f);
      }
      return checkMessage;
    }
  }

  @Test
  void aLookAlikeUserInTheAutojoinAllowListIsRefusedBeforeLogin() throws Exception {
    String message = refusedByCheckAndRun("bots: {autojoin: {users: ['@\u0430dmin:localhost', '@ok:localhost']}}\n");

    assertThat(message).startsWith("config error at 'bots.autojoin.users[0]': '@\u0430dmin:localhost' is not a valid "
        + "user id");
  }

  @Test
  void aShortWebhookTokenIsRefusedBeforeLoginNamingTheKey() throws Exception {
    String message = refusedByCheckAndRun("bots: {webhook: {port: 0, token: short}}\n");

    assertThat(message).isEqualTo(
        "config error at 'bots.webhook.token': must be a secret of at least 16 characters" + System.lineSeparator());
  }

  @Test
  void noEnabledBotIsTheSameErrorForCheckConfigAndRun() throws Exception {
    String message = refusedByCheckAndRun("bots: {echo: {enabled: false}}\n");

    assertThat(message).startsWith("config error at 'bots': no bot is enabled; add a section with 'enabled: true' "
        + "for one of: ").contains("autojoin", "echo", "webhook");
  }

  @Test
  void noBotsSectionAtAllIsTheSameError() throws Exception {
    assertThat(refusedByCheckAndRun("")).startsWith("config error at 'bots': no bot is enabled");
  }

  @Test
  void anUnknownKeyInABotSectionIsRefusedNamingTheKey() throws Exception {
    String message = refusedByCheckAndRun("bots: {echo: {colour: red}, autojoin: {user: ['@a:localhost']}}\n");

    assertThat(message.lines()).containsExactly(
        "config error at 'bots.echo.colour': unknown key 'colour': the echo bot (EchoBot) has no settings, its section "
            + "takes only 'enabled'",
        "config error at 'bots.autojoin.user': unknown key 'user' at 'bots.autojoin'; known keys: reject_others, "
            + "servers, users; did you mean 'users'?");
  }

  @Test
  void reportsEveryBadSectionAtOnce() throws Exception {
    String message = refusedByCheckAndRun("bots: {nosuch: {}, welcome: {max_age: 0s, message: 'Hi {nobody}'},"
        + " webhook: {token: short, port: 70000}}\n");

    assertThat(message.lines()).extracting(line -> line.substring(0, line.indexOf("':") + 1)).containsExactly(
        "config error at 'bots.nosuch'",
        "config error at 'bots.welcome.message'",
        "config error at 'bots.welcome.max_age'",
        "config error at 'bots.webhook.port'",
        "config error at 'bots.webhook.token'");
  }

  @Test
  void missingSecretNamesTheVariable() throws Exception {
    Path f = yaml("homeserver: {url: 'http://127.0.0.1:8008'}\n"
        + "auth: {user_id: '@bot:localhost', password: '${STEWARD_TEST_SURELY_UNSET_VARIABLE}'}\n");

    assertThat(run("check-config", f.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("auth.password").contains("STEWARD_TEST_SURELY_UNSET_VARIABLE");
  }

  @Test
  void encryptionEnabledWithoutAStoreKeyIsRefusedBeforeLoginNamingTheKey() throws Exception {
    String message = refusedByCheckAndRun("encryption: {enabled: true}\nbots: {echo: {}}\n");

    assertThat(message).startsWith("config error at 'encryption.store_key': is required when encryption.enabled is"
        + " true");
  }

  @Test
  void anUnknownKeyUnderEncryptionIsRefusedNamingIt() throws Exception {
    String message = refusedByCheckAndRun("encryption: {enabled: true, store_key: '${STEWARD_TEST_KEY:-a long "
        + "enough passphrase}', cross_signin: false}\nbots: {echo: {}}\n");

    assertThat(message).startsWith("config error at 'encryption.cross_signin': unknown key 'cross_signin' at "
        + "'encryption'; known keys: cross_signing, enabled, key_wait, store_key; did you mean 'cross_signing'?");
  }

  @Test
  void aBadKeyWaitIsRefusedNamingIt() throws Exception {
    assertThat(refusedByCheckAndRun("encryption: {key_wait: soon}\nbots: {echo: {}}\n"))
        .startsWith("config error at 'encryption.key_wait': ");
    err.getBuffer().setLength(0);
    assertThat(refusedByCheckAndRun("encryption: {key_wait: 0s}\nbots: {echo: {}}\n"))
        .startsWith("config error at 'encryption.key_wait': must be longer than zero");
  }

  @Test
  void runWithAStoreKeyThatDoesNotOpenTheStoreExitsWith2BeforeLogin() throws Exception {
    String store = "jdbc:h2:file:" + dir + "/store";
    try (StewardStore existing = StewardStore.open(store, "", "")) {
      existing.cryptoStore("@bot:localhost", "the key the state was written with").put("account", "", "olm");
    }
    try (MockWebServer server = new MockWebServer()) {
      server.start();
      Path f = yaml("homeserver: {url: '" + server.url("/") + "'}\n"
          + "auth: {user_id: '@bot:localhost', password: x}\nstorage: {url: '" + store + "'}\n"
          + "encryption: {enabled: true, store_key: 'another key, just as long'}\nbots: {echo: {}}\n");

      assertThat(run("run", "--config", f.toString())).isEqualTo(2);
      assertThat(err.toString()).startsWith("config error at 'encryption.store_key': does not open the encryption"
          + " state of this store (@bot:localhost)");
      assertThat(server.getRequestCount()).isZero();
    }
  }
}
