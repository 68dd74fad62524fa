package dev.steward.bots.cli;

import static org.assertj.core.api.Assertions.assertThat;

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

  @Test
  void missingSecretNamesTheVariable() throws Exception {
    Path f = yaml("homeserver: {url: 'http://127.0.0.1:8008'}\n"
        + "auth: {user_id: '@bot:localhost', password: '${STEWARD_TEST_SURELY_UNSET_VARIABLE}'}\n");

    assertThat(run("check-config", f.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("auth.password").contains("STEWARD_TEST_SURELY_UNSET_VARIABLE");
  }
}
