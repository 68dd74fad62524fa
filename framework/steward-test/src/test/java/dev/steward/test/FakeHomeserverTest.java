package dev.steward.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.steward.client.EventId;
import dev.steward.client.History;
import dev.steward.client.MatrixClient;
import dev.steward.client.MatrixException;
import dev.steward.client.RoomId;
import dev.steward.client.SyncRequest;
import dev.steward.client.UserId;
import dev.steward.client.model.MessagesPage;
import dev.steward.client.model.RoomEvent;
import dev.steward.client.model.SyncResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fake homeserver spoken to with the plain client: what a bot's requests get back and what is recorded. */
class FakeHomeserverTest {
  private static final UserId BOT = UserId.of("@bot:test");
  private static final UserId ALICE = UserId.of("@alice:test");
  private static final RoomId ROOM = RoomId.of("!r:test");

  private FakeHomeserver hs;
  private MatrixClient client;

  @BeforeEach
  void setUp() {
    hs = FakeHomeserver.start(BOT);
    hs.room(ROOM).member(BOT).member(ALICE, "Alice").powerLevel(BOT, 100);
    client = MatrixClient.builder().homeserver(hs.url()).build();
    client.login("bot", "secret");
  }

  @AfterEach
  void tearDown() {
    hs.close();
  }

  @Test
  void aCannedAnswerServesAnApiTheKitLacksAndCountsItsRequests() {
    hs.answer("GET", "/_synapse/admin/v1/event_reports", 403, JsonNodeFactory.instance.objectNode()
        .put("errcode", "M_FORBIDDEN").put("error", "You are not a server admin"));

    assertThatThrownBy(() -> client.eventReports().page(null, 10, true)).isInstanceOf(MatrixException.class)
        .satisfies(e -> assertThat(((MatrixException) e).errcode()).isEqualTo("M_FORBIDDEN"));
    hs.answer("GET", "/_synapse/admin/v1/event_reports", 200, JsonNodeFactory.instance.objectNode().put("total", 0)
        .set("event_reports", JsonNodeFactory.instance.arrayNode()));

    assertThat(client.eventReports().page(null, 10, true).total()).isZero();
    assertThat(hs.answeredCount("GET", "/_synapse/admin/v1/event_reports")).isEqualTo(2);
    assertThat(hs.unhandled()).isEmpty();
  }

  @Test
  void loginAndWhoamiNameTheBot() {
    assertThat(client.userId()).isEqualTo(BOT);
    assertThat(client.whoami().userId()).isEqualTo(BOT);
  }

  @Test
  void syncIsIncrementalFromItsToken() {
    SyncResponse first = client.sync(new SyncRequest(null, Duration.ZERO, null, false, null));
    hs.say(ALICE, ROOM, "one");
    SyncResponse second = client.sync(new SyncRequest(first.nextBatch(), Duration.ZERO, null, false, null));
    assertThat(second.joined().get(ROOM).timeline().events())
        .extracting(e -> e.content().path("body").asText()).containsExactly("one");
    SyncResponse third = client.sync(new SyncRequest(second.nextBatch(), Duration.ZERO, null, false, null));
    assertThat(third.joined()).isEmpty();
  }

  @Test
  void longPollReturnsAsSoonAsAnEventIsPushed() throws Exception {
    String since = client.sync(new SyncRequest(null, Duration.ZERO, null, false, null)).nextBatch();
    CompletableFuture<SyncResponse> poll = CompletableFuture.supplyAsync(
        () -> client.sync(new SyncRequest(since, Duration.ofSeconds(60), null, false, null)));
    hs.say(ALICE, ROOM, "wake up");
    SyncResponse r = poll.get(10, TimeUnit.SECONDS);
    assertThat(r.joined().get(ROOM).timeline().events()).hasSize(1);
  }

  @Test
  void membersAndPowerLevelsAreServed() {
    assertThat(client.rooms().joinedMembers(ROOM)).containsOnlyKeys(BOT, ALICE);
    assertThat(client.rooms().joinedMembers(ROOM).get(ALICE).displayName()).isEqualTo("Alice");
    assertThat(client.rooms().powerLevels(ROOM).userLevel(BOT)).isEqualTo(100);
    assertThat(client.rooms().powerLevels(ROOM).userLevel(ALICE)).isZero();
    assertThat(client.rooms().joined()).containsExactly(ROOM);
  }

  @Test
  void sendsAreRecordedOnceEvenWhenRetriedWithTheSameTransactionId() {
    var content = JsonNodeFactory.instance.objectNode().put("msgtype", "m.text").put("body", "hi");
    EventId a = client.sendEvent(ROOM, "m.room.message", content, "txn1");
    EventId b = client.sendEvent(ROOM, "m.room.message", content, "txn1");
    assertThat(a).isEqualTo(b);
    assertThat(hs.sent()).singleElement().isInstanceOfSatisfying(Sent.Message.class,
        m -> assertThat(m.body()).isEqualTo("hi"));
  }

  @Test
  void redactionsStateAndBansAreRecordedAsTypedValues() {
    EventId target = hs.say(ALICE, ROOM, "spam");
    client.messages().redact(ROOM, target, "spam");
    client.rooms().sendState(ROOM, "m.room.topic", "", JsonNodeFactory.instance.objectNode().put("topic", "t"));
    client.rooms().ban(ROOM, ALICE, "spam");
    assertThat(hs.sent()).containsExactly(
        new Sent.Redaction(ROOM, hs.sent(Sent.Redaction.class).get(0).eventId(), target, "spam"),
        new Sent.State(ROOM, hs.sent(Sent.State.class).get(0).eventId(), "m.room.topic", "",
            JsonNodeFactory.instance.objectNode().put("topic", "t")),
        new Sent.Membership(ROOM, Sent.Action.BAN, ALICE, "spam"));
    assertThat(hs.room(ROOM).membership(ALICE)).contains("ban");
    assertThat(hs.room(ROOM).state("m.room.topic", "")).hasValueSatisfying(
        c -> assertThat(c.path("topic").asText()).isEqualTo("t"));
  }

  @Test
  void kickWithoutPowerIsForbiddenAndNotRecorded() {
    hs.room(ROOM).powerLevel(BOT, 0);
    assertThatThrownBy(() -> client.rooms().kick(ROOM, ALICE, null)).isInstanceOfSatisfying(
        MatrixException.class, e -> assertThat(e.errcode()).isEqualTo("M_FORBIDDEN"));
    assertThat(hs.sent()).isEmpty();
  }

  @Test
  void sendingToARoomTheBotIsNotInIsForbidden() {
    RoomId elsewhere = RoomId.of("!elsewhere:test");
    hs.room(elsewhere).member(ALICE);
    assertThatThrownBy(() -> client.sendText(elsewhere, "hi")).isInstanceOfSatisfying(
        MatrixException.class, e -> assertThat(e.status()).isEqualTo(403));
    assertThat(hs.sent()).isEmpty();
  }

  @Test
  void unknownRequestsAreAnswered404AndListed() {
    assertThatThrownBy(() -> client.capabilities()).isInstanceOf(MatrixException.class);
    assertThat(hs.unhandled()).containsExactly("GET /_matrix/client/v3/capabilities");
  }

  @Test
  void awaitFailsNamingWhatTheBotDidSend() {
    client.sendText(ROOM, "something else");
    assertThatThrownBy(() -> hs.await(Sent.Reaction.class, r -> true, Duration.ofMillis(200)))
        .isInstanceOf(AssertionError.class).hasMessageContaining("something else");
  }

  @Test
  void historyIsServedNewestFirstInPagesUntilItsStart() {
    hs.say(ALICE, ROOM, "one");
    hs.say(ALICE, ROOM, "two");
    hs.say(ALICE, ROOM, "three");

    MessagesPage first = client.history().page(ROOM, History.Direction.BACKWARD, null, 2, null);
    MessagesPage rest = client.history().page(ROOM, History.Direction.BACKWARD, first.end(), 100, null);

    assertThat(first.events()).extracting(e -> e.contentText("body")).containsExactly("three", "two");
    assertThat(rest.events().get(0).contentText("body")).isEqualTo("one");
    assertThat(rest.events()).extracting(RoomEvent::type).contains("m.room.power_levels", "m.room.member");
    assertThat(rest.end()).as("the start of the history has no end token").isNull();
  }

  @Test
  void aRoomsWholeStateIsServedAsEvents() {
    List<RoomEvent> state = client.settings().fullState(ROOM);

    assertThat(state).extracting(RoomEvent::type).contains("m.room.power_levels", "m.room.member");
    assertThat(state).filteredOn(e -> e.type().equals("m.room.member")).extracting(RoomEvent::stateKey)
        .containsExactlyInAnyOrder(BOT.value(), ALICE.value());
  }

  @Test
  void archiveAndUnarchiveRestoreThePowerLevelsExactly() {
    assertThat(client.moderation().archive(ROOM)).isTrue();
    assertThat(hs.room(ROOM).powerLevels().path("events_default").asLong()).isEqualTo(50);
    assertThat(client.moderation().isArchived(ROOM)).isTrue();

    assertThat(client.moderation().unarchive(ROOM)).isTrue();
    assertThat(hs.room(ROOM).powerLevels().path("events_default").asLong()).isZero();
    assertThat(hs.unhandled()).isEmpty();
  }

  @Test
  void aRoomIsForgottenOnlyAfterLeavingIt() {
    assertThatThrownBy(() -> client.rooms().forget(ROOM)).isInstanceOf(MatrixException.class)
        .hasMessageContaining("M_UNKNOWN");
    assertThatThrownBy(() -> client.rooms().leave(ROOM)).as("the bot is alice's only admin")
        .isInstanceOf(dev.steward.client.RoomException.class).hasMessageContaining("last of the 2 joined members");
    client.rooms().leave(ROOM, null, true);
    client.rooms().forget(ROOM);

    assertThat(hs.sent(Sent.Membership.class)).extracting(Sent.Membership::action)
        .containsExactly(Sent.Action.LEAVE, Sent.Action.FORGET);
  }

  @Test
  void invitesWorkAndTheBotsMDirectKeepsADirectChatToTwo() {
    UserId carol = UserId.of("@carol:test");
    client.rooms().invite(ROOM, carol);
    assertThat(hs.sent(Sent.Membership.class)).extracting(Sent.Membership::action).contains(Sent.Action.INVITE);

    hs.setAccountData("m.direct", JsonNodeFactory.instance.objectNode().set(ALICE.value(),
        JsonNodeFactory.instance.arrayNode().add(ROOM.value())));

    assertThat(client.directMessages().isDirect(ROOM)).isTrue();
    assertThatThrownBy(() -> client.rooms().invite(ROOM, UserId.of("@dave:test")))
        .isInstanceOf(dev.steward.client.RoomException.class).hasMessageContaining("direct chat");
    assertThat(hs.unhandled()).isEmpty();
  }
}
