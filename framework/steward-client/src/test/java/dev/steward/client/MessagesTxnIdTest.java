package dev.steward.client;

import static dev.steward.client.Fixtures.json;
import static dev.steward.client.Fixtures.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.client.internal.Json;
import dev.steward.client.testing.ExpectedFailures;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Replies, edits, reactions and redactions under a caller-chosen transaction id: the id is the PUT's last segment. */
class MessagesTxnIdTest {
  private static final RoomId ROOM = RoomId.of("!r:localhost");
  private static final EventId TARGET = EventId.of("$target");

  private final MockWebServer server = new MockWebServer();
  private final MatrixClient client = Fixtures.client(server, Fixtures.sleeps());

  @AfterEach
  void close() throws Exception {
    server.shutdown();
  }

  private RecordedRequest take() throws InterruptedException {
    RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(r).as("a request").isNotNull();
    return r;
  }

  private static JsonNode body(RecordedRequest r) throws Exception {
    return Json.mapper().readTree(r.getBody().readUtf8());
  }

  @Test
  void replyIsPutUnderTheGivenTxnId() throws Exception {
    server.enqueue(ok("{\"event_id\":\"$reply\"}"));

    EventId sent = client.messages().reply(ROOM, TARGET, Messages.content("m.notice", "answer", null), "stA-1");

    assertThat(sent).isEqualTo(EventId.of("$reply"));
    RecordedRequest r = take();
    assertThat(r.getMethod()).isEqualTo("PUT");
    assertThat(r.getPath()).isEqualTo("/_matrix/client/v3/rooms/!r:localhost/send/m.room.message/stA-1");
    JsonNode body = body(r);
    assertThat(body.path("m.relates_to").path("m.in_reply_to").path("event_id").asText()).isEqualTo("$target");
    assertThat(body.path("body").asText()).isEqualTo("answer");
  }

  @Test
  void editReactAndRedactArePutUnderTheGivenTxnIds() throws Exception {
    for (int i = 0; i < 3; i++) {
      server.enqueue(ok("{\"event_id\":\"$e" + i + "\"}"));
    }

    client.messages().edit(ROOM, TARGET, "m.notice", "fixed", null, "stEdit");
    client.messages().react(ROOM, TARGET, "👍", "stReact");
    client.messages().redact(ROOM, TARGET, "spam", "stRedact");

    RecordedRequest edit = take();
    assertThat(edit.getPath()).isEqualTo("/_matrix/client/v3/rooms/!r:localhost/send/m.room.message/stEdit");
    assertThat(body(edit).path("m.relates_to").path("rel_type").asText()).isEqualTo("m.replace");
    RecordedRequest react = take();
    assertThat(react.getPath()).isEqualTo("/_matrix/client/v3/rooms/!r:localhost/send/m.reaction/stReact");
    assertThat(body(react).path("m.relates_to").path("key").asText()).isEqualTo("👍");
    RecordedRequest redact = take();
    assertThat(redact.getMethod()).isEqualTo("PUT");
    assertThat(redact.getPath()).isEqualTo("/_matrix/client/v3/rooms/!r:localhost/redact/$target/stRedact");
    assertThat(body(redact).path("reason").asText()).isEqualTo("spam");
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  @ExpectedFailures("a 502: a retry warning")
  void aRetriedReplyKeepsTheGivenTxnId() throws Exception {
    server.enqueue(json(502, "{}"));
    server.enqueue(ok("{\"event_id\":\"$reply\"}"));

    client.messages().reply(ROOM, TARGET, Messages.content("m.notice", "answer", null), "stSame");

    assertThat(take().getPath()).endsWith("/send/m.room.message/stSame");
    assertThat(take().getPath()).endsWith("/send/m.room.message/stSame");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void sendsWithoutATxnIdGetDistinctOnes() throws Exception {
    server.enqueue(ok("{\"event_id\":\"$a\"}"));
    server.enqueue(ok("{\"event_id\":\"$b\"}"));

    client.messages().react(ROOM, TARGET, "👍");
    client.messages().react(ROOM, TARGET, "👎");

    String first = take().getPath();
    String second = take().getPath();
    assertThat(first.substring(first.lastIndexOf('/'))).isNotEqualTo(second.substring(second.lastIndexOf('/')));
  }

  @Test
  void aNullTxnIdIsRefusedBeforeAnyRequest() {
    assertThatThrownBy(() -> client.messages().redact(ROOM, TARGET, null, null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("txnId");
    assertThat(server.getRequestCount()).isZero();
  }
}
