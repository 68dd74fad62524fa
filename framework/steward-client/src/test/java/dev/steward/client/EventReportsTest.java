package dev.steward.client;

import static dev.steward.client.Fixtures.ok;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventReportsTest {
  private final MockWebServer server = new MockWebServer();
  private final MatrixClient client = Fixtures.client(server, Fixtures.sleeps(), RetryPolicy.NONE);

  @AfterEach
  void close() throws Exception {
    server.shutdown();
  }

  @Test
  void pageReadsTheReportsAndTheNextTokenNewestFirst() throws Exception {
    server.enqueue(ok("""
        {"event_reports": [{"event_id": "$e2", "id": 7, "reason": "spam", "score": -100, "received_ts": 1700,
          "room_id": "!r:localhost", "name": "Lobby", "sender": "@spammer:localhost", "user_id": "@alice:localhost"},
         {"event_id": "$e1", "id": 6, "received_ts": 1600, "room_id": "!r:localhost", "name": null,
          "user_id": "@bob:localhost"}],
         "next_token": 2, "total": 5}"""));

    EventReports.Page page = client.eventReports().page("4", 2, true);

    RecordedRequest r = server.takeRequest(5, SECONDS);
    assertThat(r.getMethod()).isEqualTo("GET");
    assertThat(r.getPath()).isEqualTo("/_synapse/admin/v1/event_reports?limit=2&dir=b&from=4");
    assertThat(page.next()).isEqualTo("2");
    assertThat(page.total()).isEqualTo(5);
    assertThat(page.reports()).containsExactly(
        new EventReports.Report(7, 1700, RoomId.of("!r:localhost"), EventId.of("$e2"), UserId.of("@alice:localhost"),
            UserId.of("@spammer:localhost"), "spam", "Lobby"),
        new EventReports.Report(6, 1600, RoomId.of("!r:localhost"), EventId.of("$e1"), UserId.of("@bob:localhost"),
            null, "", null));
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void theLastPageHasNoNextAndTheEventComesFromTheReportsDetails() throws Exception {
    server.enqueue(ok("{\"event_reports\": [], \"total\": 0}"));
    server.enqueue(ok("{\"id\": 7, \"event_json\": {\"type\": \"m.room.message\", \"content\": {\"body\": \"hi\"}}}"));

    assertThat(client.eventReports().page(null, 10, false).next()).isNull();
    assertThat(client.eventReports().event(7).path("content").path("body").asText()).isEqualTo("hi");

    assertThat(server.takeRequest(5, SECONDS).getPath()).isEqualTo("/_synapse/admin/v1/event_reports?limit=10&dir=f");
    assertThat(server.takeRequest(5, SECONDS).getPath()).isEqualTo("/_synapse/admin/v1/event_reports/7");
  }

  @Test
  void aNonAdminGetsTheHomeserversErrcode() {
    server.enqueue(new MockResponse().setResponseCode(403).setHeader("Content-Type", "application/json")
        .setBody("{\"errcode\": \"M_FORBIDDEN\", \"error\": \"You are not a server admin\"}"));

    MatrixException e = catchThrowableOfType(() -> client.eventReports().page(null, 10, true), MatrixException.class);

    assertThat(e.errcode()).isEqualTo("M_FORBIDDEN");
    assertThat(e.status()).isEqualTo(403);
  }
}
