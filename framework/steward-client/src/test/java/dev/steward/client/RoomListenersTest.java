package dev.steward.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.client.RoomListeners.Kind;
import dev.steward.client.RoomListeners.RoomChange;
import dev.steward.client.internal.Json;
import dev.steward.client.model.RoomEvent;
import dev.steward.client.testing.ExpectedFailures;
import dev.steward.client.testing.SyncBatchBuilder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RoomListeners: one call per room and kind per batch; removal; a failing listener does not stop the others. */
class RoomListenersTest {
  private static final UserId ME = UserId.of("@bot:localhost");
  private static final UserId ALICE = UserId.of("@alice:localhost");
  private static final RoomId ROOM = RoomId.of("!room:localhost");
  private static final RoomId OTHER = RoomId.of("!other:localhost");

  private final RoomListeners listeners = new RoomListeners(ME);
  private final List<RoomChange> seen = new ArrayList<>();

  private void listenTo(Kind... kinds) {
    for (Kind k : kinds) {
      listeners.addListener(k, seen::add);
    }
  }

  @Test
  void messagesOfOneBatchArriveTogetherWithMembersAndOneUpdate() {
    listenTo(Kind.MESSAGES, Kind.MEMBERS, Kind.UPDATE);

    listeners.accept(SyncBatchBuilder.batch("s1").text(ROOM, ALICE, "one").member(ROOM, ALICE, ALICE, "join", null)
        .text(ROOM, ALICE, "two").state(ROOM, ALICE, "m.room.topic", "", Json.mapper().createObjectNode()
            .put("topic", "t")).build());

    assertThat(seen).extracting(RoomChange::kind).containsExactly(Kind.MEMBERS, Kind.MESSAGES, Kind.UPDATE);
    assertThat(seen.get(1).events()).extracting(e -> e.contentText("body")).containsExactly("one", "two");
    assertThat(seen.get(0).events()).singleElement().satisfies(e -> assertThat(e.stateKey()).isEqualTo(ALICE.value()));
    assertThat(seen.get(2).events()).hasSize(4);
    assertThat(seen).allSatisfy(c -> assertThat(c.room()).isEqualTo(ROOM));
  }

  @Test
  void anInviteAndTheUsersOwnJoinAreNewAndLeavingIsLeft() {
    listenTo(Kind.NEW, Kind.LEFT);

    listeners.accept(SyncBatchBuilder.batch("s1").invite(OTHER, ALICE, ME).member(ROOM, ME, ME, "join", "invite")
        .member(ROOM, ALICE, ALICE, "join", null).build());
    listeners.accept(SyncBatchBuilder.batch("s2").member(ROOM, ME, ME, "join", "join").build());

    assertThat(seen).extracting(RoomChange::kind, RoomChange::room)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(Kind.NEW, OTHER),
            org.assertj.core.groups.Tuple.tuple(Kind.NEW, ROOM));
    assertThat(seen.get(1).events()).extracting(RoomEvent::stateKey).as("only the user's own join")
        .containsExactly(ME.value());
  }

  @Test
  void aRemovedListenerHearsNothingMore() {
    RoomListeners.Listener l = seen::add;
    listeners.addListener(Kind.MESSAGES, l);
    listeners.accept(SyncBatchBuilder.batch("s1").text(ROOM, ALICE, "one").build());

    assertThat(listeners.removeListener(Kind.MESSAGES, l)).isTrue();
    assertThat(listeners.removeListener(Kind.MESSAGES, l)).isFalse();
    listeners.accept(SyncBatchBuilder.batch("s2").text(ROOM, ALICE, "two").build());

    assertThat(seen).singleElement().satisfies(c -> assertThat(c.events()).hasSize(1));
  }

  @Test
  @ExpectedFailures("a listener throws: a warning, the next listener still runs")
  void aFailingListenerDoesNotStopTheOthers() {
    listeners.addListener(Kind.MESSAGES, c -> {
      throw new IllegalStateException("listener bug");
    });
    listenTo(Kind.MESSAGES);

    listeners.accept(SyncBatchBuilder.batch("s1").text(ROOM, ALICE, "one").build());

    assertThat(seen).hasSize(1);
  }
}
