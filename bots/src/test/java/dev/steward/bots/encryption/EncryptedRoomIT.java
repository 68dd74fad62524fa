package dev.steward.bots.encryption;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.bot.annotation.Bot;
import dev.steward.bot.annotation.Command;
import dev.steward.bot.command.CommandContext;
import dev.steward.bot.runtime.Steward;
import dev.steward.bots.BotsFixture;
import dev.steward.bots.autojoin.AutoJoinBot;
import dev.steward.bots.welcome.WelcomeBot;
import dev.steward.client.EventId;
import dev.steward.client.MatrixClient;
import dev.steward.client.RoomId;
import dev.steward.client.testing.TestHomeserver;
import dev.steward.client.testing.TestUser;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bot in an encrypted room on a real Synapse, judged by an independent E2EE client: matrix-nio on libolm, as
 * alice, creates the encrypted room and invites the bot (which the auto-join bot accepts) and carol. What nio
 * decrypts is what a person in the room would read.
 */
class EncryptedRoomIT {
  private final TestHomeserver hs = TestHomeserver.get();
  private TestUser botUser;
  private TestUser aliceUser;
  private TestUser carol;
  private NioUser alice;
  private Steward steward;
  private RoomId room;

  @TempDir
  Path dir;

  /** Answers !ping, saying whether the command reached it encrypted. */
  @Bot("ping")
  static class PingBot {
    @Command(value = "!ping", help = "Answers pong")
    void ping(CommandContext ctx) {
      ctx.reply(ctx.encrypted() ? "pong, encrypted" : "pong, in the clear");
    }
  }

  @BeforeEach
  void start() {
    botUser = hs.newUser("steward");
    aliceUser = hs.newUser("alice");
    carol = hs.newUser("carol");
    steward = startBot();
    alice = NioUser.start(aliceUser, dir);
    room = alice.createEncryptedRoom("Lab", botUser.userId(), carol.userId());
    alice.awaitMembership(room, botUser.userId(), "join");
    alice.trust(botUser.userId());
  }

  /** The bot with encryption on, its store (and so its device's keys) in {@link #dir}: again after close, a restart. */
  private Steward startBot() {
    return BotsFixture.start(hs, botUser, dir, """
        encryption:
          enabled: true
          store_key: "a test store key of some length"
        """, """
        autojoin:
          users: ["%s"]
        welcome:
          message: "Welcome {user} to {room}!"
        """.formatted(aliceUser.userId()), AutoJoinBot.class, WelcomeBot.class, PingBot.class);
  }

  @AfterEach
  void stop() {
    if (alice != null) {
      alice.close();
    }
    steward.close();
  }

  private Predicate<JsonNode> fromBot() {
    return m -> botUser.userId().value().equals(m.path("sender").asText());
  }

  private static Predicate<JsonNode> replyTo(EventId event) {
    return m -> event.value().equals(m.path("in_reply_to").asText());
  }

  /** The bot's reply to {@code command}, as nio decrypted it. */
  private JsonNode replyTo(EventId command, String what) {
    return alice.awaitMessage(room, fromBot().and(replyTo(command)), what);
  }

  @Test
  void anEncryptedPingIsAnsweredEncryptedAndTheWelcomeInTheEncryptedRoomIsReadable() {
    EventId ping = alice.send(room, "!ping");

    JsonNode pong = replyTo(ping, "the bot's answer to !ping");
    assertThat(pong.path("encrypted").asBoolean()).as("sent encrypted, decrypted by nio").isTrue();
    assertThat(pong.path("body").asText()).endsWith("pong, encrypted");

    MatrixClient carolClient = hs.client(carol);
    carolClient.rooms().join(room);
    JsonNode welcome = alice.awaitMessage(room, fromBot().and(m -> m.path("body").asText().startsWith("Welcome")),
        "the bot's welcome for carol");
    assertThat(welcome.path("encrypted").asBoolean()).isTrue();
    assertThat(welcome.path("body").asText()).isEqualTo("Welcome " + carol.userId().localpart() + " to Lab!");
    assertThat(alice.undecryptable(room)).as("everything the bot sent decrypts").isEmpty();
  }

  @Test
  void aRestartKeepsTheBotsDeviceAndItsSessions() {
    EventId before = alice.send(room, "!ping");
    JsonNode pongBefore = replyTo(before, "the answer before the restart");
    List<String> devicesBefore = alice.trust(botUser.userId());

    steward.close();
    // Sent while the bot is down, in nio's Megolm session from before: the restarted bot reads it with the session
    // it stored then, and answers with its own stored session.
    EventId during = alice.send(room, "!ping");
    steward = startBot();
    JsonNode pongAfter = replyTo(during, "the answer after the restart");

    assertThat(pongAfter.path("encrypted").asBoolean()).isTrue();
    assertThat(pongAfter.path("body").asText()).endsWith("pong, encrypted");
    assertThat(alice.trust(botUser.userId())).as("no new device").isEqualTo(devicesBefore).hasSize(1);
    assertThat(pongAfter.path("session_id").asText()).as("the bot's own Megolm session outlived the restart")
        .isEqualTo(pongBefore.path("session_id").asText());
    assertThat(alice.undecryptable(room)).isEmpty();
  }

  @Test
  void aCommandWhoseRoomKeyComesLateIsAnsweredWhenTheKeyComesWithoutHoldingUpTheRoom() {
    EventId late = alice.sendWithheld(room, "!ping");
    EventId next = alice.send(room, "!ping");
    replyTo(next, "the answer to the command after the one waiting for its key");
    assertThat(alice.messages(room, fromBot().and(replyTo(late)))).as("no answer before its key came").isEmpty();

    assertThat(alice.release(room)).contains(botUser.userId().value());

    JsonNode pong = replyTo(late, "the answer once the key came");
    assertThat(pong.path("encrypted").asBoolean()).isTrue();
    assertThat(pong.path("body").asText()).endsWith("pong, encrypted");
  }
}
