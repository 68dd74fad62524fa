package dev.steward.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.steward.client.History.Direction;
import dev.steward.client.model.EventWithContext;
import dev.steward.client.model.MessagesPage;
import dev.steward.client.model.RoomEvent;
import dev.steward.client.testing.ExpectedFailures;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class HistoryTest extends MockHomeserver {
  private final History history = client.history();

  private static String msg(String id) {
    return event(id, "m.room.message", null, "{\"msgtype\":\"m.text\",\"body\":\"" + id + "\"}");
  }

  @Test
  @ExpectedFailures("a malformed event: skipped with a warning")
  void pageSendsDirectionFromLimitAndFilterAndSkipsMalformedEvents() {
    answer("{\"chunk\":[" + msg("$1") + ",{\"type\":\"broken\"}," + msg("$2") + "],\"start\":\"s\",\"end\":\"e\"}");

    MessagesPage page = history.page(ROOM, Direction.BACKWARD, "t0", 3, json("{\"types\":[\"m.room.message\"]}"));

    take("GET", ROOM_PATH + "/messages?dir=b&from=t0&limit=3&filter=%7B%22types%22%3A%5B%22m.room.message%22%5D%7D");
    assertThat(page.events()).extracting(e -> e.eventId().value()).containsExactly("$1", "$2");
    assertThat(page.skipped()).isEqualTo(1);
    assertThat(page.end()).isEqualTo("e");
  }

  @Test
  void streamFetchesPagesLazilyUntilEndIsAbsent() {
    answer("{\"chunk\":[" + msg("$1") + "," + msg("$2") + "],\"start\":\"a\",\"end\":\"b\"}");
    answer("{\"chunk\":[" + msg("$3") + "],\"start\":\"b\"}");

    Stream<RoomEvent> stream = history.stream(ROOM, Direction.FORWARD, null, 2, null);
    assertThat(server.getRequestCount()).as("nothing fetched before the stream is read").isZero();
    List<String> ids = stream.map(e -> e.eventId().value()).toList();

    assertThat(ids).containsExactly("$1", "$2", "$3");
    take("GET", ROOM_PATH + "/messages?dir=f&limit=2");
    take("GET", ROOM_PATH + "/messages?dir=f&from=b&limit=2");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void streamStopsAtAnEmptyChunkEvenWithAnEndToken() {
    answer("{\"chunk\":[" + msg("$1") + "],\"start\":\"a\",\"end\":\"b\"}");
    answer("{\"chunk\":[],\"start\":\"b\",\"end\":\"c\"}");

    assertThat(history.stream(ROOM, Direction.BACKWARD).count()).isEqualTo(1);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void streamReadsOnlyThePagesItNeeds() {
    answer("{\"chunk\":[" + msg("$1") + "," + msg("$2") + "],\"start\":\"a\",\"end\":\"b\"}");

    assertThat(history.stream(ROOM, Direction.BACKWARD).limit(2).count()).isEqualTo(2);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void fetchesOneEvent() {
    answer(msg("$9"));

    RoomEvent e = history.event(ROOM, EventId.of("$9"));

    take("GET", ROOM_PATH + "/event/$9");
    assertThat(e.contentText("body")).isEqualTo("$9");
  }

  @Test
  void unknownEventIsNotFound() {
    answerError(404, "M_NOT_FOUND");

    MatrixException e = catchThrowableOfType(MatrixException.class, () -> history.event(ROOM, EventId.of("$x")));

    assertThat(e.code()).isEqualTo(ErrorCode.M_NOT_FOUND);
  }

  @Test
  void contextSplitsBeforeAfterAndState() {
    answer("{\"event\":" + msg("$5") + ",\"events_before\":[" + msg("$4") + "],\"events_after\":[" + msg("$6")
        + "," + msg("$7") + "],\"state\":[" + event("$c", "m.room.create", "", "{}") + "],"
        + "\"start\":\"s\",\"end\":\"e\"}");

    EventWithContext c = history.context(ROOM, EventId.of("$5"), 4);

    take("GET", ROOM_PATH + "/context/$5?limit=4");
    assertThat(c.event().eventId()).isEqualTo(EventId.of("$5"));
    assertThat(c.before()).extracting(e -> e.eventId().value()).containsExactly("$4");
    assertThat(c.after()).extracting(e -> e.eventId().value()).containsExactly("$6", "$7");
    assertThat(c.state()).extracting(RoomEvent::type).containsExactly("m.room.create");
    assertThat(c.start()).isEqualTo("s");
    assertThat(c.end()).isEqualTo("e");
  }
}
