package dev.steward.bot.internal.dispatch;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steward.bot.event.EventContext;
import dev.steward.bot.event.ReplyGuard;
import dev.steward.client.MatrixClient;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import java.io.IOException;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventContextSendHtmlTest {
  private final MockWebServer server = new MockWebServer();
  private final RoomId room = RoomId.of("!r:test");

  @AfterEach
  void stop() throws IOException {
    server.shutdown();
  }

  private EventContext context() throws IOException {
    server.start();
    MatrixClient client = MatrixClient.builder().homeserver(server.url("/").toString()).accessToken("t")
        .userId(UserId.of("@bot:test")).build();
    return new HandlerContext(client, room, UserId.of("@alice:test"), null, null, new SendGuard(ReplyGuard.standard()), "");
  }

  @Test
  void sendsANoticeWithPlainAndHtmlBodiesNotAsAReply() throws Exception {
    EventContext ctx = context();
    server.enqueue(new MockResponse().setBody("{\"event_id\":\"$e:test\"}"));

    assertThat(ctx.sendHtml("hi <b>", "hi &lt;b&gt;")).isPresent();

    RecordedRequest req = server.takeRequest(5, SECONDS);
    assertThat(req.getMethod()).isEqualTo("PUT");
    assertThat(req.getPath()).startsWith("/_matrix/client/v3/rooms/!r:test/send/m.room.message/");
    JsonNode body = new ObjectMapper().readTree(req.getBody().readUtf8());
    assertThat(body.path("msgtype").asText()).isEqualTo("m.notice");
    assertThat(body.path("body").asText()).isEqualTo("hi <b>");
    assertThat(body.path("format").asText()).isEqualTo("org.matrix.custom.html");
    assertThat(body.path("formatted_body").asText()).isEqualTo("hi &lt;b&gt;");
    assertThat(body.has("m.relates_to")).isFalse();
  }
}
