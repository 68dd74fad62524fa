package dev.steward.bot.runtime;

import static dev.steward.client.testing.SyncWatcher.messageWithBody;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.bot.annotation.OnEdit;
import dev.steward.bot.annotation.OnRedaction;
import dev.steward.bot.annotation.OnState;
import dev.steward.bot.annotation.OnTyping;
import dev.steward.bot.event.EditEvent;
import dev.steward.bot.event.EventContext;
import dev.steward.bot.event.RedactionEvent;
import dev.steward.bot.event.StateEvent;
import dev.steward.bot.event.TypingEvent;
import dev.steward.client.internal.Json;
import java.util.concurrent.atomic.AtomicBoolean;
import dev.steward.bot.annotation.Arg;
import dev.steward.bot.annotation.Command;
import dev.steward.bot.annotation.OnInvite;
import dev.steward.bot.annotation.Rest;
import dev.steward.bot.command.CommandContext;
import dev.steward.bot.event.InviteEvent;
import dev.steward.client.EventId;
import dev.steward.client.MatrixClient;
import dev.steward.client.RoomId;
import dev.steward.client.Rooms;
import dev.steward.client.model.CreateRoomRequest;
import dev.steward.client.model.RoomEvent;
import dev.steward.client.testing.SyncWatcher;
import dev.steward.client.testing.TestHomeserver;
import dev.steward.client.testing.TestUser;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import ch.qos.logback.classic.Level;
import dev.steward.client.Reachability;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The whole runtime against a real Synapse: a bot account runs, alice talks to it and sees what it answers. */
class StewardIT {
  private final TestHomeserver hs = TestHomeserver.get();
  private TestUser botUser;
  private MatrixClient alice;
  private SyncWatcher aliceView;
  private Steward steward;

  @TempDir
  Path dir;

  /** The bot under test: joins when invited, answers !ping and !echo. */
  static final class PingBot {
    @OnInvite
    void join(InviteEvent invite, Rooms rooms) {
      rooms.join(invite.room());
    }

    @Command(value = "!ping", help = "Answer pong")
    void ping(CommandContext ctx) {
      ctx.reply("pong");
    }

    @Command(value = "!echo", help = "Repeat")
    void echo(CommandContext ctx, @Rest @Arg("text") String text) {
      ctx.reply("echo: " + text);
    }
  }

  /** A command that works for a while before it answers: an outage finds it mid-work. */
  static final class WorkBot {
    @Command("!work")
    void work(CommandContext ctx, @Rest String n) throws InterruptedException {
      Thread.sleep(1_500);
      ctx.reply("worked " + n);
    }
  }

  /** Tells the room what it saw through the newer routes, so the other user can judge it. */
  static final class RouteBot {
    private final AtomicBoolean sawTyping = new AtomicBoolean();

    @OnRedaction
    void redaction(RedactionEvent r, EventContext ctx) {
      ctx.send("redacted " + r.redacts().value());
    }

    @OnEdit
    void edit(EditEvent e, EventContext ctx) {
      ctx.send("edited to " + e.newBody());
    }

    @OnState("m.room.topic")
    void topic(StateEvent s, EventContext ctx) {
      ctx.send("topic now " + s.content().path("topic").asText());
    }

    @OnTyping
    void typing(TypingEvent t, EventContext ctx) {
      if (!t.typing().isEmpty() && sawTyping.compareAndSet(false, true)) {
        ctx.send("typing: " + t.typing().get(0).value());
      }
    }
  }

  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

  @BeforeEach
  void captureLogs() {
    logs.start();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
  }

  @BeforeEach
  void accounts() {
    botUser = hs.newUser("steward");
    alice = hs.client(hs.newUser("alice"));
    aliceView = new SyncWatcher(alice);
    aliceView.poll();
  }

  /** Stops the bot, then checks that no log line of the whole run carries the password or an access token. */
  @AfterEach
  void stopAndCheckLogs() {
    if (steward != null) {
      steward.close();
    }
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
    assertThat(logs.list).isNotEmpty();
    for (ILoggingEvent e : logs.list) {
      String line = e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage());
      assertThat(line).doesNotContain(botUser.password()).doesNotContain("syt_");
    }
  }

  private Steward startBot(Object... more) {
    steward = RuntimeFixture.startReady(Steward.builder(
        RuntimeFixture.config(hs, botUser, "url: jdbc:h2:file:" + dir + "/steward", "")).beans(new PingBot())
        .beans(more));
    return steward;
  }

  private RoomId roomWithBot() {
    RoomId room = alice.rooms().create(CreateRoomRequest.privateGroup("steward it " + UUID.randomUUID(),
        botUser.userId()).build());
    aliceView.await(room, e -> e.type().equals("m.room.member") && botUser.userId().value().equals(e.stateKey())
        && "join".equals(e.content().path("membership").asText()), "the bot accepting the invite");
    return room;
  }

  private static boolean isReplyTo(RoomEvent e, EventId command) {
    return command.value().equals(e.content().path("m.relates_to").path("m.in_reply_to").path("event_id").asText());
  }

  @Test
  void joinsOnInviteAndAnswersACommandFromAnotherUser() {
    startBot();
    RoomId room = roomWithBot();

    EventId command = alice.sendText(room, "!ping");

    RoomEvent reply = aliceView.await(room, messageWithBody("pong"), "the bot's pong");
    assertThat(reply.sender()).isEqualTo(botUser.userId());
    assertThat(reply.contentText("msgtype")).isEqualTo("m.notice");
    assertThat(isReplyTo(reply, command)).isTrue();
  }

  @Test
  void routesRedactionsEditsStateTypingAndAnswersInTheThreadOnARealHomeserver() {
    startBot(new RouteBot());
    RoomId room = roomWithBot();

    EventId typo = alice.sendText(room, "helo");
    alice.messages().edit(room, typo, "m.text", "hello", null);
    aliceView.await(room, messageWithBody("edited to hello"), "the bot seeing the edit");
    alice.messages().redact(room, typo, "gone");
    aliceView.await(room, messageWithBody("redacted " + typo.value()), "the bot seeing the redaction");
    alice.settings().setTopic(room, "release day");
    aliceView.await(room, messageWithBody("topic now release day"), "the bot seeing the topic change");
    alice.receipts().typing(room, Duration.ofSeconds(5));
    aliceView.await(room, messageWithBody("typing: " + alice.userId().value()), "the bot seeing alice type");

    EventId root = alice.sendText(room, "a thread");
    ObjectNode inThread = Json.mapper().createObjectNode().put("msgtype", "m.text").put("body", "!ping");
    inThread.putObject("m.relates_to").put("rel_type", "m.thread").put("event_id", root.value());
    EventId command = alice.sendEvent(room, "m.room.message", inThread);
    RoomEvent pong = aliceView.await(room, messageWithBody("pong"), "the bot's pong in the thread");
    assertThat(pong.content().path("m.relates_to").path("rel_type").asText()).isEqualTo("m.thread");
    assertThat(pong.content().path("m.relates_to").path("event_id").asText()).isEqualTo(root.value());
    assertThat(isReplyTo(pong, command)).isTrue();
  }

  @Test
  void aThirtySecondOutageCostsTimeNotACommand() {
    startBot(new WorkBot());
    RoomId first = roomWithBot();
    RoomId second = roomWithBot();
    List<String> expectedFirst = new ArrayList<>();
    List<String> expectedSecond = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      alice.sendText(first, "!work " + i);
      expectedFirst.add("worked " + i);
      alice.sendText(second, "!echo b" + i);
      expectedSecond.add("echo: b" + i);
    }
    // The bot has the commands and is working through them (a 1.5 s handler in the first room, replies being sent
    // in the second) when the homeserver goes away.
    aliceView.await(first, messageWithBody("worked 1"), "the first answer before the outage");
    hs.restart(Duration.ofSeconds(30));

    aliceView.await(first, messageWithBody("worked 4"), "the last command of the first room, after the outage");
    aliceView.await(second, messageWithBody("echo: b4"), "the last command of the second room, after the outage");
    assertThat(botAnswers(first)).containsExactlyElementsOf(expectedFirst);
    assertThat(botAnswers(second)).containsExactlyElementsOf(expectedSecond);
    assertThat(logs.list).noneMatch(e -> e.getLevel() == Level.ERROR);
    // One WARN for the bot's outage (alice's own client in the test thread keeps a reachability of its own).
    assertThat(logs.list).filteredOn(e -> e.getLoggerName().equals(Reachability.class.getName())
        && e.getLevel() == Level.WARN && e.getThreadName().startsWith("steward-")).hasSize(1);
    assertThat(steward.failure()).isEmpty();
  }

  /** What the bot said in {@code room}, in the order the room shows it. */
  private List<String> botAnswers(RoomId room) {
    return aliceView.all(room, e -> e.sender().equals(botUser.userId()) && e.type().equals("m.room.message"))
        .stream().map(e -> e.contentText("body")).toList();
  }

  @Test
  void answersHelpAndMissingArgumentsWithUsage() {
    startBot();
    RoomId room = roomWithBot();

    alice.sendText(room, "!echo");
    aliceView.await(room, e -> botUser.userId().equals(e.sender())
        && String.valueOf(e.contentText("body")).contains("Usage: !echo <text...>"), "the usage line");
    alice.sendText(room, "!help");

    RoomEvent help = aliceView.await(room, e -> botUser.userId().equals(e.sender())
        && String.valueOf(e.contentText("body")).contains("!ping"), "the generated help");
    assertThat(help.contentText("body")).contains("!echo", "Answer pong");
  }

  @Test
  void doesNotReplayCommandsSentBeforeItsFirstStartButAnswersAfterARestartOnce() {
    startBot();
    RoomId room = roomWithBot();
    steward.close();
    // A brand-new bot store: commands sent before its first sync are history, not work.
    steward = null;
    dir = dir.resolve("second");
    alice.sendText(room, "!echo from before the start");
    startBot();

    EventId after = alice.sendText(room, "!echo after the start");

    aliceView.await(room, messageWithBody("echo: after the start"), "answer to the new command");
    assertThat(aliceView.all(room, messageWithBody("echo: from before the start"))).isEmpty();

    // A restart on the same store answers new commands and does not answer old ones again.
    steward.close();
    steward = null;
    startBot();
    alice.sendText(room, "!echo after the restart");
    aliceView.await(room, messageWithBody("echo: after the restart"), "answer after the restart");
    assertThat(aliceView.all(room, messageWithBody("echo: after the start"))).hasSize(1);
    assertThat(aliceView.all(room, e -> after.equals(e.eventId()))).hasSize(1);
  }

  @Test
  void logsInAgainWhenItsTokenIsRevoked() {
    startBot();
    RoomId room = roomWithBot();
    MatrixClient otherSession = MatrixClient.builder().homeserver(hs.url()).build();
    otherSession.login(botUser.localpart(), botUser.password());

    otherSession.logoutAll();
    alice.sendText(room, "!echo still here");

    aliceView.await(room, messageWithBody("echo: still here"), "an answer after the token was revoked");
    assertThat(steward.failure()).isEmpty();
  }

  @Test
  void reconnectsByItselfAfterTheHomeserverRestarts() {
    startBot();
    RoomId room = roomWithBot();
    alice.sendText(room, "!echo before");
    aliceView.await(room, messageWithBody("echo: before"), "an answer before the outage");

    hs.restart(Duration.ofSeconds(3));
    for (int i = 1; i <= 5; i++) {
      alice.sendText(room, "!echo after " + i);
    }

    for (int i = 1; i <= 5; i++) {
      aliceView.await(room, messageWithBody("echo: after " + i), "answer " + i + " after the restart");
    }
    for (int i = 1; i <= 5; i++) {
      assertThat(aliceView.all(room, messageWithBody("echo: after " + i))).hasSize(1);
    }
    assertThat(aliceView.all(room, messageWithBody("echo: before"))).hasSize(1);
    assertThat(steward.failure()).isEmpty();
  }

  @Test
  void ignoresItsOwnMessages() {
    startBot();
    RoomId room = roomWithBot();
    MatrixClient asBot = hs.client(botUser);

    asBot.sendText(room, "!ping");
    alice.sendText(room, "marker");

    aliceView.await(room, messageWithBody("marker"), "the marker");
    alice.sendText(room, "!echo last");
    aliceView.await(room, messageWithBody("echo: last"), "the answer to alice");
    assertThat(aliceView.all(room, messageWithBody("pong"))).isEmpty();
  }
}
