package dev.steward.client;

import static dev.steward.client.testing.SyncWatcher.messageWithBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.steward.client.History.Direction;
import dev.steward.client.internal.Json;
import dev.steward.client.model.EventWithContext;
import dev.steward.client.model.RoomEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** History on the real Synapse: the bot speaks, alice pages through what it said. */
class HistoryIT extends TwoUsers {

  private List<EventId> botSays(RoomId room, int count) {
    List<EventId> ids = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      ids.add(bot.sendText(room, "line " + i));
    }
    aliceView.await(room, messageWithBody("line " + count), "the bot's last line");
    return ids;
  }

  private static List<String> bodies(List<RoomEvent> events) {
    return events.stream().filter(e -> e.type().equals("m.room.message")).map(e -> e.contentText("body")).toList();
  }

  @Test
  void aliceReadsBackwardInSmallPagesUntilTheRoomStarts() {
    RoomId room = sharedRoom();
    botSays(room, 5);

    List<RoomEvent> all = alice.history().stream(room, Direction.BACKWARD, null, 2, null).toList();

    assertThat(bodies(all)).containsExactly("line 5", "line 4", "line 3", "line 2", "line 1");
    assertThat(all.get(all.size() - 1).type()).as("history ends at the room's creation").isEqualTo("m.room.create");
  }

  @Test
  void aliceReadsForwardFromTheStartWithAFilter() {
    RoomId room = sharedRoom();
    botSays(room, 3);

    List<RoomEvent> messages = alice.history().stream(room, Direction.FORWARD, null, 2,
        Json.mapper().createObjectNode().set("types",
            Json.mapper().createArrayNode().add("m.room.message"))).toList();

    assertThat(bodies(messages)).containsExactly("line 1", "line 2", "line 3");
    assertThat(messages).allSatisfy(e -> assertThat(e.type()).isEqualTo("m.room.message"));
  }

  @Test
  void aliceFetchesOneEventAndItsContext() {
    RoomId room = sharedRoom();
    List<EventId> ids = botSays(room, 5);

    RoomEvent third = alice.history().event(room, ids.get(2));
    EventWithContext context = alice.history().context(room, ids.get(2), 2);

    assertThat(third.contentText("body")).isEqualTo("line 3");
    assertThat(third.sender()).isEqualTo(botId);
    assertThat(context.event().eventId()).isEqualTo(ids.get(2));
    assertThat(bodies(context.before())).containsExactly("line 2");
    assertThat(bodies(context.after())).containsExactly("line 4");
    assertThat(context.state()).anySatisfy(e -> assertThat(e.type()).isEqualTo("m.room.create"));
  }

  @Test
  void anEventFromARoomAliceIsNotInIsHidden() {
    RoomId botsOwn = bot.rooms().create(dev.steward.client.model.CreateRoomRequest.privateGroup("own").build());
    EventId secret = bot.sendText(botsOwn, "secret");

    MatrixException e = catchThrowableOfType(MatrixException.class, () -> alice.history().event(botsOwn, secret));

    assertThat(e.code()).isIn(ErrorCode.M_FORBIDDEN, ErrorCode.M_NOT_FOUND);
  }
}
