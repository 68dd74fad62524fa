package dev.steward.bot.internal.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.bot.annotation.Command;
import dev.steward.bot.annotation.Rest;
import dev.steward.bot.command.ArgumentConverters;
import dev.steward.bot.command.CommandContext;
import dev.steward.bot.internal.command.CommandSignature;
import dev.steward.bot.event.MessageEvent;
import dev.steward.bot.event.ReplyGuard;
import dev.steward.client.EventId;
import dev.steward.client.MatrixClient;
import dev.steward.client.RetryPolicy;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import java.time.Instant;
import java.util.Arrays;
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

  /** Commands of a moderation bot. */
  static final class Mod {
    @Command("!ban")
    void ban(CommandContext ctx, UserId user, @Rest String reason) {}

    @Command("!kick")
    void kick(CommandContext ctx, UserId user, @Rest String reason) {}
  }

  private CommandHandlerContext command(String name) {
    CommandSignature sig = CommandSignature.of(Arrays.stream(Mod.class.getDeclaredMethods())
        .filter(m -> m.getName().equals(name)).findFirst().orElseThrow(), ArgumentConverters.defaults(),
        Handler::injectedInCommands);
    return new CommandHandlerContext(client(), MESSAGE, sig, new SendGuard(ReplyGuard.standard()));
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
    String plain = new HandlerContext(client(), ROOM, MESSAGE.sender(), MESSAGE.eventId(), null,
        new SendGuard(ReplyGuard.standard()), "").nextTxnId();
    String otherCommand = command("kick").nextTxnId();

    assertThat(command).isNotEqualTo(plain).isNotEqualTo(otherCommand);
    assertThat(command("ban").scope()).isEqualTo("command !ban");
  }

  @Test
  void forHandlerKeepsTheCommandAndScopesTheIdsToTheHandler() {
    CommandHandlerContext ctx = command("ban");
    CommandContext forHandler = ctx.forHandler("Mod.ban");

    assertThat(forHandler.command()).isEqualTo("!ban");
    assertThat(forHandler.message()).isSameAs(MESSAGE);
    assertThat(forHandler.nextTxnId()).isNotEqualTo(ctx.nextTxnId())
        .isEqualTo(command("ban").forHandler("Mod.ban").nextTxnId());
  }
}
