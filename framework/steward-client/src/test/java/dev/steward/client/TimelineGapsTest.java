package dev.steward.client;

import static dev.steward.client.Fixtures.json;
import static dev.steward.client.Fixtures.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.client.model.JoinedRoom;
import dev.steward.client.model.RoomEvent;
import dev.steward.client.model.SyncResponse;
import dev.steward.client.testing.ExpectedFailures;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The sync loop reads back what a limited timeline left out before it hands the batch on. */
class TimelineGapsTest {
  private static final RoomId ROOM = RoomId.of("!r:localhost");

  private final MockWebServer server = new MockWebServer();
  private final MatrixClient client = Fixtures.client(server, Fixtures.sleeps(), RetryPolicy.NONE);
  private final InMemorySyncTokenStore tokens = new InMemorySyncTokenStore();
  private final List<SyncResponse> delivered = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() throws Exception {
    server.shutdown();
  }

  private SyncLoop.Builder loop() {
    return SyncLoop.builder(client, delivered::add).tokenStore(tokens).filter(null);
  }

  private static String text(String id) {
    return "{\"type\":\"m.room.message\",\"event_id\":\"" + id + "\",\"sender\":\"@alice:localhost\","
        + "\"origin_server_ts\":1,\"content\":{\"msgtype\":\"m.text\",\"body\":\"" + id + "\"}}";
  }

  private static final String JOIN = "{\"type\":\"m.room.member\",\"state_key\":\"@carol:localhost\","
      + "\"event_id\":\"$join\",\"sender\":\"@carol:localhost\",\"origin_server_ts\":1,"
      + "\"content\":{\"membership\":\"join\"}}";

  /** A batch whose timeline of {@link #ROOM} is limited: only $e5 came, $e3, the join and $e4 were left out. */
  private static String limitedBatch() {
    return "{\"next_batch\":\"s2\",\"rooms\":{\"join\":{\"!r:localhost\":{\"state\":{\"events\":[" + JOIN + "]},"
        + "\"timeline\":{\"limited\":true,\"prev_batch\":\"p1\",\"events\":[" + text("$e5") + "]}}}}}";
  }

  private RecordedRequest take() throws InterruptedException {
    RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(r).as("a request").isNotNull();
    return r;
  }

  private static List<String> ids(List<RoomEvent> events) {
    return events.stream().map(e -> e.eventId().value()).toList();
  }

  @Test
  void theLeftOutEventsComeBeforeTheTimelineInOrderAndOnce() throws Exception {
    tokens.save("s1");
    server.enqueue(ok(limitedBatch()));
    server.enqueue(ok("{\"chunk\":[" + text("$e4") + "," + JOIN + "," + text("$e3") + "],\"start\":\"p1\","
        + "\"end\":\"p2\"}"));
    server.enqueue(ok("{\"chunk\":[],\"start\":\"p2\"}"));

    loop().build().pollOnce();

    assertThat(take().getRequestUrl().queryParameter("since")).isEqualTo("s1");
    RecordedRequest page = take();
    assertThat(page.getMethod()).isEqualTo("GET");
    assertThat(page.getRequestUrl().encodedPath()).isEqualTo("/_matrix/client/v3/rooms/!r:localhost/messages");
    assertThat(page.getRequestUrl().queryParameter("dir")).isEqualTo("b");
    assertThat(page.getRequestUrl().queryParameter("from")).isEqualTo("p1");
    assertThat(page.getRequestUrl().queryParameter("to")).isEqualTo("s1");
    assertThat(take().getRequestUrl().queryParameter("from")).isEqualTo("p2");
    assertThat(server.getRequestCount()).isEqualTo(3);
    JoinedRoom room = delivered.get(0).joined().get(ROOM);
    assertThat(ids(room.timeline().events())).containsExactly("$e3", "$join", "$e4", "$e5");
    assertThat(room.timeline().limited()).isFalse();
    assertThat(room.state()).isEmpty();
    assertThat(tokens.load()).contains("s2");
  }

  @Test
  void anInitialSyncIsHandedOnAsItIs() throws Exception {
    server.enqueue(ok(limitedBatch()));

    loop().build().pollOnce();

    take();
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(ids(delivered.get(0).joined().get(ROOM).timeline().events())).containsExactly("$e5");
  }

  @Test
  @ExpectedFailures("more events left out than the limit: a warning")
  void readsBackNoMoreThanTheLimitAndLeavesTheTimelineMarkedLimited() throws Exception {
    tokens.save("s1");
    server.enqueue(ok(limitedBatch()));
    server.enqueue(ok("{\"chunk\":[" + text("$e4") + "," + JOIN + "],\"start\":\"p1\",\"end\":\"p2\"}"));

    loop().gapFillLimit(2).build().pollOnce();

    take();
    assertThat(take().getRequestUrl().queryParameter("limit")).isEqualTo("2");
    assertThat(server.getRequestCount()).isEqualTo(2);
    JoinedRoom room = delivered.get(0).joined().get(ROOM);
    assertThat(ids(room.timeline().events())).containsExactly("$join", "$e4", "$e5");
    assertThat(room.timeline().limited()).isTrue();
  }

  @Test
  void aFailedReadBackFailsThePollSoTheBatchComesAgain() throws Exception {
    tokens.save("s1");
    server.enqueue(ok(limitedBatch()));
    server.enqueue(json(500, "{\"errcode\":\"M_UNKNOWN\",\"error\":\"boom\"}"));

    assertThatThrownBy(() -> loop().build().pollOnce()).isInstanceOf(MatrixException.class);

    assertThat(delivered).isEmpty();
    assertThat(tokens.load()).contains("s1");
  }

  @Test
  void aNegativeLimitIsRefused() {
    assertThatThrownBy(() -> loop().gapFillLimit(-1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("gapFillLimit");
  }
}
