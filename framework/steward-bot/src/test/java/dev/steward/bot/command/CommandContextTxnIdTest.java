package dev.steward.bot.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.bot.event.EventContext;
import dev.steward.bot.event.MessageEvent;
import dev.steward.bot.event.ReplyGuard;
import dev.steward.client.EventId;
import dev.steward.client.MatrixClient;
import dev.steward.client.RetryPolicy;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import java.time.Instant;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A command's context numbers its sends apart from the event's other contexts, and the same in every run. */
class CommandContextTxnIdTest {
  private static final RoomId ROOM = RoomId.of("!r:localhost");
  private static final MessageEvent MESSAGE = new MessageEvent(ROOM, UserId.of("@alice:localhost"),
      EventId.of("$ban-1"), Instant.EPOCH, "m.text", "!ban @bob:localhost spam", null, null, null);

  private final MockWebServer server = new MockWebServer();

  @AfterEach
  void close() throws Exception {
    server.shutdown();
  }

  private MatrixClient client() {
    return MatrixClient.builder().homeserver(server.url("/")).accessToken("syt_test").userId(
        UserId.of("@bot:localhost")).retryPolicy(RetryPolicy.NONE).build();
  }

  private CommandContext command(String name) {
    return new CommandContext(client(), MESSAGE, Handlers.sig(Handlers.Mod.class, name), ReplyGuard.standard());
  }

  @Test
  void aCommandRunAgainInAFreshContextGetsTheSameTxnIds() {
    CommandContext first = command("ban");
    CommandContext second = command("ban");

    assertThat(first.nextTxnId()).isEqualTo(second.nextTxnId());
    assertThat(first.nextTxnId()).isEqualTo(second.nextTxnId());
  }

  @Test
  void aCommandsTxnIdsDifferFromThoseOfOtherHandlersOfTheSameMessage() {
    String command = command("ban").nextTxnId();
    String plain = new EventContext(client(), ROOM, MESSAGE.sender(), MESSAGE.eventId(), ReplyGuard.standard())
        .nextTxnId();
    String otherCommand = command("kick").nextTxnId();

    assertThat(command).isNotEqualTo(plain).isNotEqualTo(otherCommand);
    assertThat(command("ban").scope()).isEqualTo("command !ban");
  }

  @Test
  void forHandlerKeepsTheCommandAndScopesTheIdsToTheHandler() {
    CommandContext ctx = command("ban");
    CommandContext forHandler = ctx.forHandler("Mod.ban");

    assertThat(forHandler.command()).isEqualTo("!ban");
    assertThat(forHandler.message()).isSameAs(MESSAGE);
    assertThat(forHandler.nextTxnId()).isNotEqualTo(ctx.nextTxnId())
        .isEqualTo(command("ban").forHandler("Mod.ban").nextTxnId());
  }
}
