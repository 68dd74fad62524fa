package dev.steward.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.client.crypto.CryptoException;
import dev.steward.client.crypto.CryptoStore;
import dev.steward.client.crypto.DeviceKeys;
import dev.steward.client.crypto.InMemoryCryptoStore;
import dev.steward.client.crypto.InboundGroupSession;
import dev.steward.client.crypto.MegolmEncrypted;
import dev.steward.client.crypto.MegolmPayload;
import dev.steward.client.crypto.OlmAccount;
import dev.steward.client.crypto.OlmEncrypted;
import dev.steward.client.crypto.OlmPayload;
import dev.steward.client.crypto.OlmSession;
import dev.steward.client.crypto.OutboundGroupSession;
import dev.steward.client.internal.Json;
import dev.steward.client.internal.SyncParser;
import dev.steward.client.model.RoomEvent;
import dev.steward.client.model.SyncResponse;
import dev.steward.client.testing.ExpectedFailures;
import dev.steward.client.testing.SyncBatchBuilder;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Encryption between devices on a fake key server: room keys shared over Olm and events decrypted, and every kind of
 * bad input refused (as a value, logged once) without an exception escaping {@code receive} or {@code decrypt}.
 */
class EncryptionTest {
  private static final String ALICE = "@alice:x";
  private static final String BOB = "@bob:x";
  private static final String MALLORY = "@mallory:x";
  private static final RoomId ROOM = RoomId.of("!room:x");
  private static final RoomId OTHER_ROOM = RoomId.of("!other:x");

  private final FakeKeyServer hs = new FakeKeyServer();
  private final AtomicLong now = new AtomicLong(1_700_000_000_000L);
  private final MatrixClient aliceClient = hs.device(ALICE, "ALICE1");
  private final MatrixClient bobClient = hs.device(BOB, "BOB1");
  private final CryptoStore aliceStore = new InMemoryCryptoStore();
  private final CryptoStore bobStore = new InMemoryCryptoStore();
  private Encryption alice;
  private Encryption bob;

  EncryptionTest() {
    hs.state(ROOM, "m.room.encryption", json("{\"algorithm\":\"m.megolm.v1.aes-sha2\"}"));
    hs.members(ROOM, Map.of(ALICE, "join", BOB, "join"));
    alice = new Encryption(aliceClient, aliceStore, now::get);
    bob = new Encryption(bobClient, bobStore, now::get);
  }

  @AfterEach
  void close() throws Exception {
    aliceClient.close();
    bobClient.close();
    hs.close();
  }

  @Test
  void aRoomKeySharedOverOlmDecryptsTheMessage() {
    ObjectNode content = alice.encrypt(ROOM, "m.room.message", text("hello bob"));

    assertThat(content.path("algorithm").asText()).isEqualTo("m.megolm.v1.aes-sha2");
    assertThat(content.path("sender_key").asText()).isEqualTo(alice.curve25519Key());
    assertThat(content.path("device_id").asText()).isEqualTo("ALICE1");
    List<Encryption.RoomKey> keys = bob.receive(hs.inbox(BOB, "BOB1"));
    assertThat(keys).containsExactly(new Encryption.RoomKey(ROOM, alice.curve25519Key(),
        content.path("session_id").asText()));

    Encryption.Decrypted d = bob.decrypt(ROOM, event(ALICE, "$1", 5, content));

    assertThat(d).isInstanceOfSatisfying(Encryption.Decrypted.Ok.class, ok -> {
      assertThat(ok.event().type()).isEqualTo("m.room.message");
      assertThat(ok.event().contentText("body")).isEqualTo("hello bob");
      assertThat(ok.event().encrypted()).isTrue();
      assertThat(ok.event().encryption().senderKey()).isEqualTo(alice.curve25519Key());
      assertThat(ok.event().encryption().senderDevice()).isEqualTo("ALICE1");
      assertThat(ok.event().encryption().messageIndex()).isZero();
      assertThat(ok.event().encryption().verified()).isTrue();
    });
    assertThat(bob.status().inboundGroupSessions()).isEqualTo(1);
    assertThat(bob.status().olmSessions()).isEqualTo(1);
  }

  /** A store that cannot write records of one kind while {@code failing} is set, as a database that is down. */
  private static class FlakyStore implements CryptoStore {
    private final CryptoStore inner = new InMemoryCryptoStore();
    volatile String failing;

    @Override
    public java.util.Optional<String> get(String kind, String key) {
      return inner.get(kind, key);
    }

    @Override
    public Map<String, String> scan(String kind, String keyPrefix) {
      return inner.scan(kind, keyPrefix);
    }

    @Override
    public void write(List<Write> writes) {
      if (writes.stream().anyMatch(w -> w.kind().equals(failing))) {
        throw new CryptoStore.Unavailable("database down", null);
      }
      inner.write(writes);
    }
  }

  @Test
  void aStoreThatCannotWriteFailsTheBatchAndTheSameBatchAgainStillDeliversTheKey() {
    for (String kind : List.of("olm_session", "inbound_group")) {
      String carolId = "@carol-" + kind.replace('_', '-') + ":x";
      FlakyStore store = new FlakyStore();
      MatrixClient carolClient = hs.device(carolId, "CAROL");
      Encryption carol = new Encryption(carolClient, store, now::get);
      hs.members(ROOM, Map.of(ALICE, "join", BOB, "join", carolId, "join"));
      alice.noteState(ROOM, state("m.room.member", carolId, "{\"membership\":\"join\"}"));
      ObjectNode content = alice.encrypt(ROOM, "m.room.message", text("for carol, " + kind));
      dev.steward.client.model.SyncResponse batch = hs.inbox(carolId, "CAROL");

      store.failing = kind;
      assertThatThrownBy(() -> carol.receive(batch)).as("store down while writing " + kind)
          .isInstanceOf(CryptoStore.Unavailable.class);
      store.failing = null;

      assertThat(carol.receive(batch)).as("the same batch again, " + kind).hasSize(1);
      assertThat(ok(carol.decrypt(ROOM, event(ALICE, "$" + kind, 5, content))).contentText("body"))
          .isEqualTo("for carol, " + kind);
      carolClient.close();
      alice.noteState(ROOM, state("m.room.member", carolId, "{\"membership\":\"leave\"}"));
    }
  }

  @Test
  void aRoomKeyAndTheOlmSessionItsMessageAdvancedAreStoredInOneWriteSoACrashBetweenLosesNeither() {
    FlakyStore store = new FlakyStore();
    MatrixClient daveClient = hs.device("@dave:x", "DAVE");
    Encryption dave = new Encryption(daveClient, store, now::get);
    hs.members(ROOM, Map.of(ALICE, "join", BOB, "join", "@dave:x", "join"));
    alice.noteState(ROOM, state("m.room.member", "@dave:x", "{\"membership\":\"join\"}"));
    ObjectNode content = alice.encrypt(ROOM, "m.room.message", text("for dave"));
    SyncResponse batch = hs.inbox("@dave:x", "DAVE");

    store.failing = "inbound_group"; // the database goes away as the room key is written
    assertThatThrownBy(() -> dave.receive(batch)).isInstanceOf(CryptoStore.Unavailable.class);
    assertThat(store.scan("olm_session", "")).as("nor the session without its key").isEmpty();
    store.failing = null;

    // The process dies before the batch comes again: what it had in memory is gone, only the store is left.
    Encryption restarted = new Encryption(daveClient, store, now::get);
    assertThat(restarted.receive(batch)).as("the batch after the restart still gives the key").hasSize(1);
    assertThat(ok(restarted.decrypt(ROOM, event(ALICE, "$1", 5, content))).contentText("body"))
        .isEqualTo("for dave");
    daveClient.close();
  }

  @Test
  void aRoomKeyThatComesAgainInTheSameBatchDeliveredAgainIsReportedAgain() {
    ObjectNode content = alice.encrypt(ROOM, "m.room.message", text("hello bob"));
    SyncResponse batch = hs.inbox(BOB, "BOB1");
    Encryption.RoomKey key = new Encryption.RoomKey(ROOM, alice.curve25519Key(), content.path("session_id").asText());
    assertThat(bob.receive(batch)).containsExactly(key);

    // The batch delivered again (a later to-device message of it met a store that was down, so receive() threw
    // before the dispatcher heard of this key): events waiting for the key are tried now, not after key_wait.
    assertThat(bob.receive(batch)).as("the same batch again").containsExactly(key);

    assertThat(ok(bob.decrypt(ROOM, event(ALICE, "$a1", 5, content))).contentText("body")).isEqualTo("hello bob");
  }

  @Test
  void oneTimeKeysAreStoredBeforeTheServerHearsOfThem() {
    java.util.concurrent.atomic.AtomicInteger accountWrites = new java.util.concurrent.atomic.AtomicInteger();
    CryptoStore keepsOnlyTheFirstAccount = new FlakyStore() {
      @Override
      public void write(List<Write> writes) {
        if (writes.stream().anyMatch(w -> w.kind().equals("account")) && accountWrites.incrementAndGet() > 1) {
          throw new CryptoStore.Unavailable("database down", null);
        }
        super.write(writes);
      }
    };

    assertThatThrownBy(() -> new Encryption(hs.device("@erin:x", "ERIN1"), keepsOnlyTheFirstAccount, now::get))
        .as("the account with its new one-time keys could not be kept").isInstanceOf(CryptoStore.Unavailable.class);

    assertThat(hs.oneTimeKeys("@erin:x", "ERIN1")).as("so none were published").isZero();
  }

  @Test
  void theKeyIsSharedOncePerDeviceAndTheSenderReadsItsOwnMessages() {
    ObjectNode first = alice.encrypt(ROOM, "m.room.message", text("one"));
    bob.receive(hs.inbox(BOB, "BOB1"));
    ObjectNode second = alice.encrypt(ROOM, "m.room.message", text("two"));

    assertThat(hs.waiting(BOB, "BOB1")).as("no second m.room_key").isZero();
    assertThat(second.path("session_id")).isEqualTo(first.path("session_id"));
    assertThat(ok(bob.decrypt(ROOM, event(ALICE, "$2", 6, second))).contentText("body")).isEqualTo("two");
    assertThat(ok(alice.decrypt(ROOM, event(ALICE, "$1", 5, first))).contentText("body")).isEqualTo("one");
    assertThat(hs.requests().stream().filter(r -> r.equals("POST /_matrix/client/v3/keys/claim")).count())
        .as("one claim for bob's device").isEqualTo(1);
  }

  @Test
  void anUnknownSessionIsAMissingKeyUntilTheLateKeyArrives() {
    ObjectNode content = alice.encrypt(ROOM, "m.room.message", text("late"));
    RoomEvent ev = event(ALICE, "$1", 5, content);

    assertThat(bob.decrypt(ROOM, ev)).isEqualTo(new Encryption.Decrypted.MissingKey(alice.curve25519Key(),
        content.path("session_id").asText()));
    bob.receive(hs.inbox(BOB, "BOB1"));

    assertThat(ok(bob.decrypt(ROOM, ev)).contentText("body")).isEqualTo("late");
  }

  @Test
  @ExpectedFailures("a replayed message index: refused and logged once")
  void aReplayedIndexIsRefusedButTheSameEventAgainIsFine() {
    ObjectNode content = alice.encrypt(ROOM, "m.room.message", text("once"));
    bob.receive(hs.inbox(BOB, "BOB1"));

    assertThat(bob.decrypt(ROOM, event(ALICE, "$1", 5, content))).isInstanceOf(Encryption.Decrypted.Ok.class);
    assertThat(bob.decrypt(ROOM, event(ALICE, "$1", 5, content))).isInstanceOf(Encryption.Decrypted.Ok.class);
    assertThat(reason(bob.decrypt(ROOM, event(ALICE, "$2", 5, content)))).isEqualTo(
        CryptoException.Reason.REPLAYED_INDEX);
    // After a restart (a new Encryption on the same store), the stored index still refuses another time stamp.
    Encryption bobAgain = new Encryption(bobClient, bobStore, now::get);
    assertThat(reason(bobAgain.decrypt(ROOM, event(ALICE, "$1", 99, content)))).isEqualTo(
        CryptoException.Reason.REPLAYED_INDEX);
    assertThat(bobAgain.decrypt(ROOM, event(ALICE, "$1", 5, content))).isInstanceOf(Encryption.Decrypted.Ok.class);
  }

  @Test
  @ExpectedFailures("malformed ciphertext and to-device content: refused and logged once per cause")
  void malformedInputIsRefusedNeverThrown() {
    ObjectNode content = alice.encrypt(ROOM, "m.room.message", text("x"));
    bob.receive(hs.inbox(BOB, "BOB1"));
    ObjectNode broken = content.deepCopy().put("ciphertext", "not!base64");
    ObjectNode noSession = content.deepCopy();
    noSession.remove("session_id");

    assertThat(reason(bob.decrypt(ROOM, event(ALICE, "$1", 5, broken)))).isEqualTo(CryptoException.Reason.MALFORMED);
    assertThat(reason(bob.decrypt(ROOM, event(ALICE, "$2", 5, noSession)))).isEqualTo(
        CryptoException.Reason.MALFORMED);
    SyncResponse junk = SyncBatchBuilder.batch("s9")
        .toDevice(UserId.of(ALICE), "m.room.encrypted", json("{\"algorithm\":\"m.olm.v1.curve25519-aes-sha2\"}"))
        .toDevice(UserId.of(ALICE), "m.room.encrypted", json("{\"algorithm\":\"m.olm.v1.curve25519-aes-sha2\","
            + "\"sender_key\":\"k\",\"ciphertext\":{\"" + bob.curve25519Key() + "\":{\"type\":1,\"body\":\"AAAA\"}}}"))
        .toDevice(UserId.of(ALICE), "m.room.encrypted", json("{\"algorithm\":\"m.olm.v1.curve25519-aes-sha2\","
            + "\"sender_key\":\"k\",\"ciphertext\":{\"someone else\":{\"type\":0,\"body\":\"AAAA\"}}}"))
        .build();

    assertThat(bob.receive(junk)).isEmpty();
    assertThat(bob.status().refusals()).containsKeys("to-device m.room.encrypted: MALFORMED",
        "to-device m.room.encrypted: UNKNOWN_SESSION");
  }

  @Test
  @ExpectedFailures("Olm payloads addressed to another user, and claiming another device's Ed25519 key: refused")
  void aMisaddressedPayloadOrAKeyFromADeviceThatDoesNotOwnItIsRefused() {
    Peer mallory = new Peer(MALLORY, "MAL1");
    DeviceKeys bobDevice = mallory.query(BOB, "BOB1");
    OlmSession session = mallory.sessionTo(bobDevice);
    OutboundGroupSession megolm = OutboundGroupSession.create();

    // Addressed to someone else.
    SyncResponse toOther = mallory.send(session, bobDevice, new OlmPayload("m.room_key", roomKey(ROOM, megolm),
        MALLORY, mallory.account.ed25519Key(), "@carol:x", bobDevice.ed25519Key()));
    assertThat(bob.receive(toOther)).isEmpty();
    // Claiming alice's Ed25519 key over mallory's own Curve25519 key.
    SyncResponse forged = mallory.send(session, bobDevice, new OlmPayload("m.room_key", roomKey(ROOM, megolm),
        MALLORY, alice.ed25519Key(), BOB, bobDevice.ed25519Key()));
    assertThat(bob.receive(forged)).isEmpty();

    assertThat(bob.status().refusals()).containsEntry("to-device m.room.encrypted: MISADDRESSED", 2L)
        .doesNotContainKey("to-device m.room.encrypted: UNKNOWN_SESSION");
    assertThat(bob.status().inboundGroupSessions()).isZero();
  }

  @Test
  @ExpectedFailures("an event sent by alice under mallory's session, and one replayed into another room: refused")
  void aSessionDecryptsOnlyItsOwnersEventsInItsOwnRoom() {
    Peer mallory = new Peer(MALLORY, "MAL1");
    DeviceKeys bobDevice = mallory.query(BOB, "BOB1");
    OlmSession session = mallory.sessionTo(bobDevice);
    OutboundGroupSession megolm = OutboundGroupSession.create();
    bob.receive(mallory.send(session, bobDevice, new OlmPayload("m.room_key", roomKey(ROOM, megolm), MALLORY,
        mallory.account.ed25519Key(), BOB, bobDevice.ed25519Key())));
    bob.receive(mallory.send(session, bobDevice, new OlmPayload("m.room_key", roomKey(OTHER_ROOM, megolm), MALLORY,
        mallory.account.ed25519Key(), BOB, bobDevice.ed25519Key())));
    ObjectNode content = new MegolmEncrypted(megolm.sessionId(), megolm.encrypt(
        new MegolmPayload("m.room.message", text("hi"), ROOM.value()).toJson()), mallory.account.curve25519Key(),
        "MAL1").toContent();

    assertThat(reason(bob.decrypt(ROOM, event(ALICE, "$1", 5, content)))).isEqualTo(
        CryptoException.Reason.MISADDRESSED);
    assertThat(reason(bob.decrypt(OTHER_ROOM, event(MALLORY, "$2", 5, content)))).isEqualTo(
        CryptoException.Reason.MISADDRESSED);
    RoomEvent good = ok(bob.decrypt(ROOM, event(MALLORY, "$3", 5, content)));
    assertThat(good.contentText("body")).isEqualTo("hi");
    assertThat(good.encryption().verified()).isTrue();
  }

  @Test
  @ExpectedFailures("a session re-shared under another sender key: refused")
  void aSessionPassedOffAsAnotherSendersIsRefusedSoItsMessagesCannotBeReplayedUnderTheirName() {
    Peer mallory = new Peer(MALLORY, "MAL1");
    Peer eve = new Peer("@eve:x", "EVE1");
    DeviceKeys bobDevice = mallory.query(BOB, "BOB1");
    OutboundGroupSession megolm = OutboundGroupSession.create();
    ObjectNode key = roomKey(ROOM, megolm);
    ObjectNode said = new MegolmEncrypted(megolm.sessionId(), megolm.encrypt(
        new MegolmPayload("m.room.message", text("mallory's words"), ROOM.value()).toJson()),
        mallory.account.curve25519Key(), "MAL1").toContent();
    assertThat(bob.receive(mallory.send(mallory.sessionTo(bobDevice), bobDevice, new OlmPayload("m.room_key", key,
        MALLORY, mallory.account.ed25519Key(), BOB, bobDevice.ed25519Key())))).hasSize(1);
    assertThat(ok(bob.decrypt(ROOM, event(MALLORY, "$1", 5, said))).contentText("body")).isEqualTo("mallory's words");

    // eve shares the same session as her own, then replays the message under her own sender key
    assertThat(bob.receive(eve.send(eve.sessionTo(bobDevice), bobDevice, new OlmPayload("m.room_key", key,
        "@eve:x", eve.account.ed25519Key(), BOB, bobDevice.ed25519Key())))).as("refused").isEmpty();
    ObjectNode replayed = said.deepCopy().put("sender_key", eve.account.curve25519Key()).put("device_id", "EVE1");

    assertThat(bob.decrypt(ROOM, event("@eve:x", "$2", 6, replayed))).as("no session of eve's")
        .isInstanceOf(Encryption.Decrypted.MissingKey.class);
  }

  @Test
  void aKeyWithALaterFirstIndexNeverReplacesABetterOneAndTheSameKeyAgainIsReportedAgain() {
    Peer mallory = new Peer(MALLORY, "MAL1");
    DeviceKeys bobDevice = mallory.query(BOB, "BOB1");
    OlmSession session = mallory.sessionTo(bobDevice);
    OutboundGroupSession megolm = OutboundGroupSession.create();
    ObjectNode early = roomKey(ROOM, megolm);
    ObjectNode first = new MegolmEncrypted(megolm.sessionId(), megolm.encrypt(
        new MegolmPayload("m.room.message", text("first"), ROOM.value()).toJson()), mallory.account.curve25519Key(),
        "MAL1").toContent();
    ObjectNode late = roomKey(ROOM, megolm);

    assertThat(bob.receive(mallory.send(session, bobDevice, new OlmPayload("m.room_key", early, MALLORY,
        mallory.account.ed25519Key(), BOB, bobDevice.ed25519Key())))).hasSize(1);
    assertThat(bob.receive(mallory.send(session, bobDevice, new OlmPayload("m.room_key", early, MALLORY,
        mallory.account.ed25519Key(), BOB, bobDevice.ed25519Key())))).as("shared again, as good: reported again")
        .hasSize(1);
    assertThat(bob.receive(mallory.send(session, bobDevice, new OlmPayload("m.room_key", late, MALLORY,
        mallory.account.ed25519Key(), BOB, bobDevice.ed25519Key())))).as("worse: neither stored nor reported")
        .isEmpty();

    assertThat(ok(bob.decrypt(ROOM, event(MALLORY, "$1", 5, first))).contentText("body")).isEqualTo("first");
  }

  @Test
  @ExpectedFailures("a forwarded room key from another user: refused")
  void aForwardedKeyIsTakenOnlyFromTheUsersOwnDevicesAndIsNotVerified() {
    Peer mallory = new Peer(MALLORY, "MAL1");
    Peer bobOther = new Peer(BOB, "BOBP");
    OutboundGroupSession megolm = OutboundGroupSession.create();
    ObjectNode forwarded = Json.mapper().createObjectNode().put("algorithm", "m.megolm.v1.aes-sha2")
        .put("room_id", ROOM.value()).put("sender_key", alice.curve25519Key()).put("session_id", megolm.sessionId())
        .put("session_key", InboundGroupSession.fromSessionKey(megolm.sessionKey()).export(0))
        .put("sender_claimed_ed25519_key", alice.ed25519Key());
    forwarded.putArray("forwarding_curve25519_key_chain");
    ObjectNode content = new MegolmEncrypted(megolm.sessionId(), megolm.encrypt(
        new MegolmPayload("m.room.message", text("fwd"), ROOM.value()).toJson()), alice.curve25519Key(), "ALICE1")
        .toContent();

    DeviceKeys bobDevice = mallory.query(BOB, "BOB1");
    assertThat(bob.receive(mallory.send(mallory.sessionTo(bobDevice), bobDevice, new OlmPayload(
        "m.forwarded_room_key", forwarded, MALLORY, mallory.account.ed25519Key(), BOB, bobDevice.ed25519Key()))))
        .isEmpty();
    assertThat(bob.decrypt(ROOM, event(ALICE, "$1", 5, content))).isInstanceOf(
        Encryption.Decrypted.MissingKey.class);
    assertThat(bob.receive(bobOther.send(bobOther.sessionTo(bobDevice), bobDevice, new OlmPayload(
        "m.forwarded_room_key", forwarded, BOB, bobOther.account.ed25519Key(), BOB, bobDevice.ed25519Key()))))
        .containsExactly(new Encryption.RoomKey(ROOM, alice.curve25519Key(), megolm.sessionId()));

    RoomEvent ev = ok(bob.decrypt(ROOM, event(ALICE, "$1", 5, content)));
    assertThat(ev.contentText("body")).isEqualTo("fwd");
    assertThat(ev.encryption().verified()).isFalse();
  }

  @Test
  void theSessionRotatesAfterTheRoomsMessageCountAgeAndWhenAMemberLeaves() {
    alice.noteState(ROOM, state("m.room.encryption", "", "{\"algorithm\":\"m.megolm.v1.aes-sha2\","
        + "\"rotation_period_msgs\":2,\"rotation_period_ms\":60000}"));
    String s1 = alice.encrypt(ROOM, "m.room.message", text("1")).path("session_id").asText();
    assertThat(alice.encrypt(ROOM, "m.room.message", text("2")).path("session_id").asText()).isEqualTo(s1);
    String s2 = alice.encrypt(ROOM, "m.room.message", text("3")).path("session_id").asText();
    assertThat(s2).as("after 2 messages").isNotEqualTo(s1);

    now.addAndGet(60_000);
    String s3 = alice.encrypt(ROOM, "m.room.message", text("4")).path("session_id").asText();
    assertThat(s3).as("after a minute").isNotEqualTo(s2);

    alice.noteState(ROOM, state("m.room.member", BOB, "{\"membership\":\"leave\"}"));
    hs.members(ROOM, Map.of(ALICE, "join"));
    assertThat(alice.outboundSessionId(ROOM)).isNull();
    hs.inbox(BOB, "BOB1");
    String s4 = alice.encrypt(ROOM, "m.room.message", text("5")).path("session_id").asText();
    assertThat(s4).isNotEqualTo(s3);
    assertThat(hs.waiting(BOB, "BOB1")).as("bob, gone, gets no new key").isZero();
  }

  @Test
  void aRestartKeepsTheSessionsInTheStore() {
    ObjectNode first = alice.encrypt(ROOM, "m.room.message", text("before the restart"));
    bob.receive(hs.inbox(BOB, "BOB1"));
    ok(bob.decrypt(ROOM, event(ALICE, "$1", 5, first)));

    Encryption aliceAgain = new Encryption(aliceClient, aliceStore, now::get);
    Encryption bobAgain = new Encryption(bobClient, bobStore, now::get);
    ObjectNode second = aliceAgain.encrypt(ROOM, "m.room.message", text("same session"));
    assertThat(second.path("session_id")).isEqualTo(first.path("session_id"));
    assertThat(hs.waiting(BOB, "BOB1")).as("bob's device had the key already").isZero();
    assertThat(ok(bobAgain.decrypt(ROOM, event(ALICE, "$2", 6, second))).contentText("body"))
        .isEqualTo("same session");
    assertThat(ok(bobAgain.decrypt(ROOM, event(ALICE, "$1", 5, first))).contentText("body"))
        .isEqualTo("before the restart");

    aliceAgain.noteState(ROOM, state("m.room.member", "@carol:x", "{\"membership\":\"leave\"}"));
    aliceAgain.noteState(ROOM, state("m.room.member", BOB, "{\"membership\":\"ban\"}"));
    aliceAgain.noteState(ROOM, state("m.room.member", BOB, "{\"membership\":\"join\"}"));
    ObjectNode third = aliceAgain.encrypt(ROOM, "m.room.message", text("new session, old Olm session"));
    assertThat(third.path("session_id")).isNotEqualTo(first.path("session_id"));
    assertThat(bobAgain.receive(hs.inbox(BOB, "BOB1"))).hasSize(1);
    assertThat(bobAgain.status().olmSessions()).as("the stored Olm session took the new key").isEqualTo(1);
    assertThat(ok(bobAgain.decrypt(ROOM, event(ALICE, "$3", 7, third))).contentText("body"))
        .isEqualTo("new session, old Olm session");
  }

  @Test
  void invitedMembersGetTheKeyUnlessHistoryIsForJoinedMembersOnly() {
    hs.members(ROOM, Map.of(ALICE, "join", BOB, "invite"));
    hs.state(ROOM, "m.room.history_visibility", json("{\"history_visibility\":\"joined\"}"));
    alice.encrypt(ROOM, "m.room.message", text("members only"));
    assertThat(hs.waiting(BOB, "BOB1")).isZero();

    alice.noteState(ROOM, state("m.room.history_visibility", "", "{\"history_visibility\":\"shared\"}"));
    alice.encrypt(ROOM, "m.room.message", text("invited too"));
    assertThat(hs.waiting(BOB, "BOB1")).isEqualTo(1);
  }

  @Test
  void encryptionNotedFromSyncNeedsNoQuestionToTheHomeserver() {
    RoomId noted = RoomId.of("!noted:x");
    alice.noteState(noted, state("m.room.encryption", "", "{\"algorithm\":\"m.megolm.v1.aes-sha2\"}"));

    assertThat(alice.isEncrypted(noted)).isTrue();
    assertThat(alice.isEncrypted(RoomId.of("!plain:x"))).isFalse();
    assertThat(alice.isEncrypted(RoomId.of("!plain:x"))).isFalse();
    assertThat(hs.requests()).noneMatch(r -> r.contains("!noted:x"))
        .filteredOn(r -> r.contains("!plain:x/state/m.room.encryption")).hasSize(1);
  }

  @Test
  @ExpectedFailures("a device with no one-time key left: skipped and logged once")
  void devicesOfTheSendersOwnUserGetTheKeyAndOnesWithoutKeysAreSkipped() {
    MatrixClient alice2Client = hs.device(ALICE, "ALICE2");
    Encryption alice2 = new Encryption(alice2Client, new InMemoryCryptoStore(), now::get);
    MatrixClient bob2Client = hs.device(BOB, "BOB2");
    new Encryption(bob2Client, new InMemoryCryptoStore(), now::get);
    hs.drainKeys(BOB, "BOB2");

    ObjectNode content = alice.encrypt(ROOM, "m.room.message", text("to all"));

    alice2.receive(hs.inbox(ALICE, "ALICE2"));
    assertThat(ok(alice2.decrypt(ROOM, event(ALICE, "$1", 5, content))).contentText("body")).isEqualTo("to all");
    assertThat(hs.waiting(BOB, "BOB2")).isZero();
    assertThat(alice.status().refusals()).containsKey("room key for @bob:x BOB2: NO_ONE_TIME_KEY");
    alice.encrypt(ROOM, "m.room.message", text("again"));
    assertThat(alice.status().refusals()).containsEntry("room key for @bob:x BOB2: NO_ONE_TIME_KEY", 1L);
    alice2Client.close();
    bob2Client.close();
  }

  @Test
  void aChangedDeviceListIsQueriedAgainAndTheNewDeviceGetsTheKey() {
    alice.encrypt(ROOM, "m.room.message", text("before"));
    MatrixClient bob2Client = hs.device(BOB, "BOB2");
    Encryption bob2 = new Encryption(bob2Client, new InMemoryCryptoStore(), now::get);
    alice.encrypt(ROOM, "m.room.message", text("not yet"));
    assertThat(hs.waiting(BOB, "BOB2")).as("alice does not know BOB2 yet").isZero();

    alice.receive(SyncBatchBuilder.batch("s2").devicesChanged(UserId.of(BOB)).build());
    ObjectNode content = alice.encrypt(ROOM, "m.room.message", text("now"));

    bob2.receive(hs.inbox(BOB, "BOB2"));
    assertThat(ok(bob2.decrypt(ROOM, event(ALICE, "$1", 5, content))).contentText("body")).isEqualTo("now");
    bob2Client.close();
  }

  @Test
  void keyCountsFromSyncTopUpTheOneTimeKeys() {
    int before = hs.oneTimeKeys(BOB, "BOB1");
    long uploads = uploads();

    bob.receive(SyncBatchBuilder.batch("s2").oneTimeKeyCount("signed_curve25519", before - 10)
        .unusedFallbackKeyTypes("signed_curve25519").build());
    bob.receive(SyncBatchBuilder.batch("s3").oneTimeKeyCount("signed_curve25519", before)
        .unusedFallbackKeyTypes("signed_curve25519").build());

    assertThat(uploads()).as("one top-up; nothing when the count is full").isEqualTo(uploads + 1);
    assertThat(hs.oneTimeKeys(BOB, "BOB1")).isEqualTo(before + 10);
  }

  private long uploads() {
    return hs.requests().stream().filter(r -> r.equals("POST /_matrix/client/v3/keys/upload")).count();
  }

  @Test
  void aSendDoesNotWaitForAOneTimeKeyTopUpWhoseUploadIsUnderWay() throws Exception {
    int before = hs.oneTimeKeys(ALICE, "ALICE1");
    hs.hold("/keys/upload");
    java.util.concurrent.CompletableFuture<List<Encryption.RoomKey>> topUp = java.util.concurrent.CompletableFuture
        .supplyAsync(() -> alice.receive(SyncBatchBuilder.batch("s2").oneTimeKeyCount("signed_curve25519",
            before - 10).build()));
    hs.awaitQueriesHeld(1); // on the sync thread in the runtime, the upload is under way

    // A room's first message: its key goes over Olm to bob's device, which needs alice's account.
    ObjectNode content = java.util.concurrent.CompletableFuture
        .supplyAsync(() -> alice.encrypt(ROOM, "m.room.message", text("while keys go up")))
        .get(5, java.util.concurrent.TimeUnit.SECONDS);
    hs.releaseQueries();
    topUp.get(5, java.util.concurrent.TimeUnit.SECONDS);

    assertThat(hs.oneTimeKeys(ALICE, "ALICE1")).isEqualTo(before + 10);
    bob.receive(hs.inbox(BOB, "BOB1"));
    assertThat(ok(bob.decrypt(ROOM, event(ALICE, "$1", 5, content))).contentText("body"))
        .isEqualTo("while keys go up");
    long uploads = uploads();
    alice.receive(SyncBatchBuilder.batch("s3").oneTimeKeyCount("signed_curve25519", before).build());
    assertThat(uploads()).as("the keys that went are marked published: nothing to send again").isEqualTo(uploads);
  }

  @Test
  void theAccountIsKeptInTheStoreAndAStoreOfAnotherDeviceIsRefused() {
    Encryption again = new Encryption(aliceClient, aliceStore, now::get);
    assertThat(again.curve25519Key()).isEqualTo(alice.curve25519Key());
    assertThat(again.ed25519Key()).isEqualTo(alice.ed25519Key());

    assertThatThrownBy(() -> new Encryption(bobClient, aliceStore, now::get))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("holds the account of @alice:x device ALICE1, not of @bob:x device BOB1");
  }

  @Test
  void sendEventEncryptsMessagesReactionsAndEditsInEncryptedRoomsOnly() {
    MatrixClient client = hs.device(ALICE, "ALICE3");
    client.enableEncryption(new InMemoryCryptoStore());
    RoomId plain = RoomId.of("!plain:x");

    client.sendEvent(ROOM, "m.room.message", text("secret"), "t1");
    client.sendEvent(ROOM, "m.reaction", json("{\"m.relates_to\":{\"rel_type\":\"m.annotation\","
        + "\"event_id\":\"$1\",\"key\":\"ok\"}}"), "t2");
    client.sendEvent(ROOM, "m.room.redaction", json("{\"redacts\":\"$1\"}"), "t3");
    client.sendEvent(plain, "m.room.message", text("open"), "t4");
    client.sendEvent(plain, "m.room.message", text("open again"), "t5");

    assertThat(hs.sent()).extracting(s -> s.get("type").asText() + " " + s.get("txn").asText()).containsExactly(
        "m.room.encrypted t1", "m.room.encrypted t2", "m.room.redaction t3", "m.room.message t4",
        "m.room.message t5");
    assertThat(hs.requests().stream().filter(r -> r.contains("!plain:x/state/m.room.encryption")).count())
        .as("a plain room is asked about once").isEqualTo(1);
    bob.receive(hs.inbox(BOB, "BOB1"));
    RoomEvent reaction = ok(bob.decrypt(ROOM, event(ALICE, "$r", 7, (ObjectNode) hs.sent().get(1).get("content"))));
    assertThat(reaction.type()).isEqualTo("m.reaction");
    assertThat(reaction.content().path("m.relates_to").path("key").asText()).isEqualTo("ok");
    assertThat(hs.sent().get(1).path("content").path("m.relates_to").path("event_id").asText())
        .as("the relation readable to the homeserver").isEqualTo("$1");
    assertThat(hs.sent().get(0).path("content").has("m.relates_to")).isFalse();
    client.close();
  }

  // ---- helpers ----

  /** A device driven by hand (its own Olm account), to send what the code under test must refuse. */
  private final class Peer {
    final OlmAccount account = OlmAccount.create();
    final MatrixClient client;
    final Keys keys;
    final String user;

    Peer(String user, String device) {
      this.user = user;
      this.client = hs.device(user, device);
      this.keys = client.keys(account);
      keys.uploadDeviceKeys();
    }

    DeviceKeys query(String who, String device) {
      return keys.query(List.of(UserId.of(who))).devices().get(UserId.of(who)).get(device);
    }

    OlmSession sessionTo(DeviceKeys device) {
      Keys.ClaimedKey claimed = keys.claim(List.of(device)).keys().get(0);
      return account.createOutboundSession(device.curve25519Key(), claimed.key());
    }

    SyncResponse send(OlmSession session, DeviceKeys to, OlmPayload payload) {
      OlmEncrypted content = new OlmEncrypted(account.curve25519Key(),
          Map.of(to.curve25519Key(), session.encrypt(payload.toJson())));
      return SyncBatchBuilder.batch("p" + System.nanoTime()).toDevice(UserId.of(user), "m.room.encrypted",
          content.toContent()).build();
    }
  }

  private static ObjectNode roomKey(RoomId room, OutboundGroupSession megolm) {
    return Json.mapper().createObjectNode().put("algorithm", "m.megolm.v1.aes-sha2").put("room_id", room.value())
        .put("session_id", megolm.sessionId()).put("session_key", megolm.sessionKey());
  }

  private static RoomEvent ok(Encryption.Decrypted d) {
    assertThat(d).isInstanceOf(Encryption.Decrypted.Ok.class);
    return ((Encryption.Decrypted.Ok) d).event();
  }

  private static CryptoException.Reason reason(Encryption.Decrypted d) {
    assertThat(d).isInstanceOf(Encryption.Decrypted.Failed.class);
    return ((Encryption.Decrypted.Failed) d).error().reason();
  }

  private static RoomEvent event(String sender, String id, long ts, ObjectNode content) {
    ObjectNode ev = Json.mapper().createObjectNode().put("type", "m.room.encrypted").put("event_id", id)
        .put("sender", sender).put("origin_server_ts", ts);
    ev.set("content", content);
    return SyncParser.roomEvent(ev, true);
  }

  private static RoomEvent state(String type, String stateKey, String content) {
    ObjectNode ev = Json.mapper().createObjectNode().put("type", type).put("event_id", "$s" + System.nanoTime())
        .put("sender", ALICE).put("origin_server_ts", 1).put("state_key", stateKey);
    ev.set("content", json(content));
    return SyncParser.roomEvent(ev, false);
  }

  private static ObjectNode text(String body) {
    return Json.mapper().createObjectNode().put("msgtype", "m.text").put("body", body);
  }

  private static JsonNode json(String text) {
    try {
      return Json.mapper().readTree(text);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
