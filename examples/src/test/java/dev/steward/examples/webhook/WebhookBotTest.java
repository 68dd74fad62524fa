package dev.steward.examples.webhook;

import static dev.steward.test.BotTester.ROOM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.bot.config.ConfigException;
import dev.steward.test.BotTester;
import dev.steward.test.Sent;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookBotTest {
  private static final String TOKEN = "a-test-token-of-32-characters-xx";
  private final HttpClient http = HttpClient.newHttpClient();
  private int port;

  @BeforeEach
  void pickPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
  }

  private BotTester start() {
    return BotTester.builder().bots(WebhookBot.class)
        .section("webhook", Map.of("port", port, "token", TOKEN)).start();
  }

  private HttpResponse<String> post(String token, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/notify"))
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void postsTheTextAsANoticeIntoTheRoom() throws Exception {
    try (BotTester t = start()) {
      HttpResponse<String> r = post(TOKEN, "{\"room\": \"!room:test\", \"text\": \"Deploy finished\"}");
      Sent.Message notice = t.awaitReply();
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains(notice.eventId().value());
      assertThat(notice.msgtype()).isEqualTo("m.notice");
      assertThat(notice.body()).isEqualTo("Deploy finished");
      assertThat(notice.room()).isEqualTo(ROOM);
    }
  }

  @Test
  void refusesAWrongOrMissingToken() throws Exception {
    try (BotTester t = start()) {
      String body = "{\"room\": \"!room:test\", \"text\": \"hi\"}";
      assertThat(post("wrong-token", body).statusCode()).isEqualTo(401);
      assertThat(post(null, body).statusCode()).isEqualTo(401);
      assertThat(t.sent()).isEmpty();
    }
  }

  @Test
  void answersABadBodyWith400NamingTheProblem() throws Exception {
    try (BotTester t = start()) {
      HttpResponse<String> notJson = post(TOKEN, "{room: ");
      assertThat(notJson.statusCode()).isEqualTo(400);
      assertThat(notJson.body()).contains("body is not JSON");
      HttpResponse<String> noText = post(TOKEN, "{\"room\": \"!room:test\"}");
      assertThat(noText.statusCode()).isEqualTo(400);
      assertThat(noText.body()).contains("'text' is missing");
      HttpResponse<String> badRoom = post(TOKEN, "{\"room\": \"lobby\", \"text\": \"hi\"}");
      assertThat(badRoom.statusCode()).isEqualTo(400);
      assertThat(badRoom.body()).contains("'room'").contains("lobby");
      assertThat(t.sent()).isEmpty();
    }
  }

  @Test
  void refusesARoomTheBotIsNotIn() throws Exception {
    try (BotTester t = start()) {
      t.hs().room("!elsewhere:test").member(BotTester.ALICE);
      HttpResponse<String> r = post(TOKEN, "{\"room\": \"!elsewhere:test\", \"text\": \"hi\"}");
      assertThat(r.statusCode()).isEqualTo(403);
      assertThat(r.body()).contains("not in !elsewhere:test");
      assertThat(t.sent()).isEmpty();
    }
  }

  @Test
  void stopsListeningWhenTheBotStops() {
    start().close();
    assertThatThrownBy(() -> post(TOKEN, "{}")).isInstanceOf(ConnectException.class);
  }

  @Test
  void refusesAShortToken() {
    assertThatThrownBy(() -> new WebhookSettings(8765, "short")).hasMessageContaining("at least 16 characters");
  }

  @Test
  void aShortTokenInTheSectionFailsTheStartNamingTheKey() {
    assertThatThrownBy(() -> BotTester.builder().bots(WebhookBot.class)
        .section("webhook", Map.of("port", port, "token", "short")).start())
        .isInstanceOf(ConfigException.class)
        .hasMessage("config error at 'bots.webhook.token': must be a secret of at least 16 characters");
  }
}
