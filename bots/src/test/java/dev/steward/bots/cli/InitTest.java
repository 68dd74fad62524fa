package dev.steward.bots.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.bot.config.ConfigLoader;
import dev.steward.bot.config.StewardConfig;
import dev.steward.client.UserId;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code steward init}: logs in once to check the account, then writes a config that refers to the password. */
class InitTest {
  private final MockWebServer server = new MockWebServer();
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private Map<String, String> env = Map.of("STEWARD_PASSWORD", "hunter2-secret");
  private char[] typed;

  @TempDir
  Path dir;

  @AfterEach
  void stop() throws Exception {
    server.shutdown();
  }

  private int run(String... args) {
    Init init = new Init();
    init.env = env::get;
    init.askPassword = prompt -> typed;
    return new CommandLine(init).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(body);
  }

  private void loginWorks() {
    server.enqueue(json(200, "{\"user_id\":\"@bot:localhost\",\"access_token\":\"syt_x\",\"device_id\":\"D\"}"));
    server.enqueue(json(200, "{}"));
  }

  @Test
  void checksTheLoginThenWritesAConfigThatRefersToThePasswordAndPassesTheChecks() throws Exception {
    loginWorks();
    Path file = dir.resolve("config/steward.yaml");

    int code = run("--homeserver", server.url("/").toString(), "--user", "@bot:localhost", "--owner",
        "@alice:localhost", "-o", file.toString());

    assertThat(code).as(err.toString()).isZero();
    String yaml = Files.readString(file);
    assertThat(yaml).contains("password: ${STEWARD_PASSWORD}").doesNotContain("hunter2");
    StewardConfig config = ConfigLoader.loadString(yaml, Map.of("STEWARD_PASSWORD", "x")::get);
    assertThat(StewardCli.check(config)).isNotEmpty();
    assertThat(config.bot().owners()).containsExactly(UserId.of("@alice:localhost"));
    RecordedRequest login = server.takeRequest();
    assertThat(login.getPath()).isEqualTo("/_matrix/client/v3/login");
    assertThat(login.getBody().readUtf8()).contains("hunter2-secret");
    assertThat(server.takeRequest().getPath()).as("no device left behind").isEqualTo("/_matrix/client/v3/logout");
    assertThat(out.toString()).contains("login OK").contains("wrote " + file).doesNotContain("hunter2");
  }

  @Test
  void asksOnTheTerminalWhenTheVariableIsUnset() throws Exception {
    env = Map.of();
    typed = "typed-pw".toCharArray();
    loginWorks();

    assertThat(run("--homeserver", server.url("/").toString(), "--user", "@bot:localhost", "-o",
        dir.resolve("s.yaml").toString())).isZero();
    assertThat(server.takeRequest().getBody().readUtf8()).contains("typed-pw");
  }

  @Test
  void aRefusedLoginWritesNothingAndSaysWhy() {
    server.enqueue(json(403, "{\"errcode\":\"M_FORBIDDEN\",\"error\":\"Invalid username or password\"}"));
    Path file = dir.resolve("s.yaml");

    assertThat(run("--homeserver", server.url("/").toString(), "--user", "@bot:localhost", "-o", file.toString()))
        .isEqualTo(Init.LOGIN_FAILED);
    assertThat(err.toString()).contains("M_FORBIDDEN").doesNotContain("hunter2");
    assertThat(file).doesNotExist();
  }

  @Test
  void badInputIsRefusedBeforeTheHomeserverIsAsked() throws Exception {
    Path existing = Files.writeString(dir.resolve("s.yaml"), "keep me");

    assertThat(run("--homeserver", server.url("/").toString(), "--user", "@bot:localhost", "-o",
        existing.toString())).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString()).contains("exists; pass --force");
    assertThat(run("--homeserver", server.url("/").toString(), "--user", "bot")).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(run("--homeserver", "ftp://nowhere", "--user", "@bot:localhost", "-o", dir.resolve("t.yaml")
        .toString())).isEqualTo(StewardCli.CONFIG_ERROR);
    assertThat(err.toString()).contains("homeserver.url");
    env = Map.of();
    typed = null;
    assertThat(run("--homeserver", server.url("/").toString(), "--user", "@bot:localhost", "-o",
        dir.resolve("u.yaml").toString())).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString()).contains("set STEWARD_PASSWORD or run on a terminal");
    assertThat(server.getRequestCount()).isZero();
    assertThat(Files.readString(existing)).isEqualTo("keep me");
  }
}
