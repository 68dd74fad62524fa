package dev.steward.bots.autojoin;

import static dev.steward.test.BotTester.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import dev.steward.test.BotTester;
import dev.steward.test.Sent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AutoJoinBotTest {
  private static final UserId ALLOWED = UserId.of("@alice:example.org");
  private static final AtomicInteger ROOMS = new AtomicInteger();

  private static BotTester start(Map<String, Object> section) {
    return BotTester.builder().bots(AutoJoinBot.class).section("autojoin", section).start();
  }

  private static BotTester startDefault() {
    return start(Map.of("users", List.of(ALLOWED.value()), "servers", List.of("trusted.org")));
  }

  private static RoomId newRoom() {
    return RoomId.of("!invite" + ROOMS.incrementAndGet() + ":test");
  }

  private static boolean is(Sent.Membership m, RoomId room, Sent.Action action) {
    return m.room().equals(room) && m.action() == action;
  }

  /** Everything the bot did in {@code room}: a decision is one membership action there, never two. */
  private static List<Sent.Membership> actionsIn(BotTester t, RoomId room) {
    return t.hs().sent(Sent.Membership.class).stream().filter(m -> m.room().equals(room)).toList();
  }

  @Test
  void joinsWhenAnAllowListedUserInvites() {
    try (BotTester t = startDefault()) {
      RoomId room = newRoom();
      t.invite(ALLOWED, room);

      t.await(Sent.Membership.class, m -> is(m, room, Sent.Action.JOIN));
      assertThat(t.hs().room(room).isJoined(BotTester.BOT)).isTrue();
      assertThat(actionsIn(t, room)).hasSize(1);
    }
  }

  @Test
  void joinsWhenAnyUserOfAnAllowListedServerInvites() {
    try (BotTester t = startDefault()) {
      RoomId room = newRoom();
      t.invite(UserId.of("@zed:trusted.org"), room);

      t.await(Sent.Membership.class, m -> is(m, room, Sent.Action.JOIN));
    }
  }

  @Test
  void rejectsAnInviteFromAUserNotOnTheListWithAReason() {
    try (BotTester t = startDefault()) {
      RoomId room = newRoom();
      t.invite(UserId.of("@mallory:evil.org"), room);

      Sent.Membership leave = t.await(Sent.Membership.class, m -> is(m, room, Sent.Action.LEAVE));
      assertThat(leave.reason()).isEqualTo(AutoJoinBot.REJECT_REASON);
      assertThat(actionsIn(t, room)).containsExactly(leave);
      assertThat(t.hs().room(room).membership(BotTester.BOT)).contains("leave");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "@alice:example.org.evil",   // the allowed server as a prefix of another
      "@alice:example.org:8448",   // same host, explicit port: a different server name
      "@alice:evilexample.org",    // the allowed server as a suffix
      "@alice:sub.example.org",    // a subdomain is another server
      "@alice:example.org.",       // trailing dot
      "@Alice:example.org",        // case of the localpart
      "@alice:EXAMPLE.ORG",        // case of the server name
      "@alice2:example.org",       // a longer localpart
      "@alic:example.org",         // a shorter one
      "@bob:trusted.org.evil.com", // the allowed server as a prefix
      "@bob:eviltrusted.org",      // the allowed server as a suffix, no dot
      "@bob:evil.trusted.org",     // a subdomain of the allowed server
      "@bob:trusted.org:443",      // the allowed server with a port
      "@bob:Trusted.org",          // case of the server name
  })
  void neverAcceptsALookAlikeOfAnAllowedUserOrServer(String inviter) {
    try (BotTester t = startDefault()) {
      RoomId room = newRoom();
      t.invite(UserId.of(inviter), room);

      Sent.Membership leave = t.await(Sent.Membership.class, m -> is(m, room, Sent.Action.LEAVE));
      assertThat(actionsIn(t, room)).containsExactly(leave);
    }
  }

  @Test
  void aDisplayNameThatLooksLikeAnAllowedUserDoesNotCount() {
    try (BotTester t = startDefault()) {
      RoomId room = newRoom();
      UserId spoof = UserId.of("@alice:evil.org");
      t.hs().room(room).member(spoof, ALLOWED.value());
      t.hs().invite(room, spoof, BotTester.BOT);
      RoomId second = newRoom();
      t.hs().room(second).member(UserId.of("@mallory:evil.org"), "alice");
      t.hs().invite(second, UserId.of("@mallory:evil.org"), BotTester.BOT);

      // Two invites may be handled side by side, so the leaves can come in either order.
      t.hs().await(Sent.Membership.class, m -> is(m, room, Sent.Action.LEAVE), Duration.ofSeconds(10));
      t.hs().await(Sent.Membership.class, m -> is(m, second, Sent.Action.LEAVE), Duration.ofSeconds(10));
      assertThat(t.hs().sent(Sent.Membership.class)).noneMatch(m -> m.action() == Sent.Action.JOIN);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "@\u0430lice:example.org",     // Cyrillic a in the localpart
      "@alice\u200b:example.org",    // zero-width space in the localpart
      "@alice:ex\u0430mple.org",     // Cyrillic a in the server name
      "@alice:example.org\u200b",    // zero-width space after the server name
      "@\u0251lice:example.org",     // Latin alpha
  })
  void anInviteFromANonAsciiLookAlikeIsNeverAccepted(String inviter) {
    try (BotTester t = startDefault()) {
      RoomId spoofed = newRoom();
      ObjectNode invite = JsonNodeFactory.instance.objectNode().put("type", "m.room.member")
          .put("sender", inviter).put("state_key", BotTester.BOT.value());
      invite.putObject("content").put("membership", "invite");
      t.hs().push(spoofed, invite);
      // An allowed invite after it: once the bot has joined that room, the batch before it was handled too.
      RoomId real = newRoom();
      t.invite(ALLOWED, real);
      t.await(Sent.Membership.class, m -> is(m, real, Sent.Action.JOIN));
      RoomId later = newRoom();
      t.invite(ALLOWED, later);
      t.await(Sent.Membership.class, m -> is(m, later, Sent.Action.JOIN));

      assertThat(actionsIn(t, spoofed)).noneMatch(m -> m.action() == Sent.Action.JOIN);
      assertThat(t.hs().room(spoofed).isJoined(BotTester.BOT)).isFalse();
    }
  }

  @Test
  void anEmptyAllowListAcceptsNobody() {
    try (BotTester t = start(Map.of())) {
      RoomId fromAlice = newRoom();
      t.invite(ALICE, fromAlice);
      RoomId fromAllowedLooking = newRoom();
      t.invite(ALLOWED, fromAllowedLooking);

      // Two invites may be handled side by side, so the leaves can come in either order.
      t.hs().await(Sent.Membership.class, m -> is(m, fromAlice, Sent.Action.LEAVE), Duration.ofSeconds(10));
      t.hs().await(Sent.Membership.class, m -> is(m, fromAllowedLooking, Sent.Action.LEAVE), Duration.ofSeconds(10));
      assertThat(t.hs().sent(Sent.Membership.class)).noneMatch(m -> m.action() == Sent.Action.JOIN);
    }
  }

  @Test
  void leavesOtherInvitesPendingWhenRejectOthersIsFalse() {
    try (BotTester t = start(Map.of("users", List.of(ALLOWED.value()), "reject_others", false))) {
      RoomId ignored = newRoom();
      t.invite(UserId.of("@mallory:evil.org"), ignored);
      // Two allowed invites after it, the second sent once the first was accepted, so it comes in a later sync
      // batch: by then every handler of the batch holding the ignored invite has finished.
      RoomId first = newRoom();
      t.invite(ALLOWED, first);
      t.await(Sent.Membership.class, m -> is(m, first, Sent.Action.JOIN));
      RoomId second = newRoom();
      t.invite(ALLOWED, second);
      t.await(Sent.Membership.class, m -> is(m, second, Sent.Action.JOIN));

      assertThat(actionsIn(t, ignored)).isEmpty();
      assertThat(t.hs().room(ignored).membership(BotTester.BOT)).contains("invite");
    }
  }
}
