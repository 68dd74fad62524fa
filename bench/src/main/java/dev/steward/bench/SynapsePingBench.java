package dev.steward.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.bot.annotation.Command;
import dev.steward.bot.annotation.Rest;
import dev.steward.bot.command.CommandContext;
import dev.steward.bot.config.ConfigLoader;
import dev.steward.bot.runtime.Steward;
import dev.steward.client.EventId;
import dev.steward.client.MatrixClient;
import dev.steward.client.RoomId;
import dev.steward.client.SyncRequest;
import dev.steward.client.internal.Json;
import dev.steward.client.model.CreateRoomRequest;
import dev.steward.client.model.JoinedRoom;
import dev.steward.client.model.RoomEvent;
import dev.steward.client.model.SyncResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;

/**
 * What a user sees against a real Synapse (the dev homeserver on 127.0.0.1:8008): a second account sends
 * {@code !ping i} to a room with the real runtime and waits, in its own {@code /sync} long-poll, for the reply.
 * Sequential, so every figure is one full round trip: the user's send, the bot's sync, the bot's reply, the user's
 * sync. Synapse does most of that work; the figures are for the record, not for tuning the framework.
 */
public final class SynapsePingBench {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private SynapsePingBench() {}

  /** Answers {@code !ping N} and times its own reply call (one Synapse write). */
  public static final class PingBot {
    private final long[] replyNanos = new long[100_000];
    private int replies;

    @Command("!ping")
    void ping(CommandContext ctx, @Rest String n) {
      long t0 = System.nanoTime();
      ctx.reply("pong " + n);
      long took = System.nanoTime() - t0;
      synchronized (this) {
        if (replies < replyNanos.length) {
          replyNanos[replies++] = took;
        }
      }
    }

    synchronized long[] replyNanos() {
      return Arrays.copyOf(replyNanos, replies);
    }
  }

  /**
   * What a run measured, in milliseconds.
   *
   * @param pings pings answered (each exactly once, or the run fails)
   * @param p50 median round trip as the user sees it
   * @param p99 99th percentile round trip
   * @param max slowest round trip
   * @param userSendP50 median of the user's own send call
   * @param botReplyP50 median of the bot's reply call
   */
  public record Result(int pings, double p50, double p99, double max, double userSendP50, double botReplyP50) {
    @Override
    public String toString() {
      return String.format("%d sequential pings against Synapse: round trip p50 %.1f ms, p99 %.1f ms, max %.1f ms; "
          + "of which Synapse writes: the user's send p50 %.1f ms, the bot's reply p50 %.1f ms", pings, p50, p99,
          max, userSendP50, botReplyP50);
    }
  }

  /** Runs {@code warmUp} unmeasured pings, then {@code pings} measured ones, against the homeserver at {@code url}. */
  public static Result run(String url, int warmUp, int pings) throws Exception {
    SynapseAccounts accounts = new SynapseAccounts(url);
    SynapseAccounts.Account botAccount = accounts.register("ping-bot");
    SynapseAccounts.Account userAccount = accounts.register("pinger");
    MatrixClient user = userAccount.client();
    RoomId room = user.rooms().create(CreateRoomRequest.privateGroup("ping bench", botAccount.userId()).build());
    botAccount.client().rooms().join(room);

    PingBot bot = new PingBot();
    String yaml = """
        homeserver: {url: '%s'}
        auth: {user_id: '%s', access_token: '%s'}
        bot: {sync_timeout: 30s}
        storage: {url: 'jdbc:h2:mem:synapse-ping-%s;DB_CLOSE_DELAY=-1'}
        """.formatted(url, botAccount.userId().value(), botAccount.accessToken(), UUID.randomUUID());
    // Sequential pings come faster than a person types; the standard guard would rightly drop some replies.
    try (Steward steward = Steward.builder(ConfigLoader.loadString(yaml, k -> null)).beans(bot)
        .build()) {
      steward.start();
      if (!steward.awaitReady(WAIT)) {
        throw new IllegalStateException("the bot did not finish its first sync within " + WAIT);
      }
      String filter = user.uploadFilter(onlyRoom(room));
      String since = user.sync(SyncRequest.of(null, Duration.ZERO).withFilter(filter)).nextBatch();
      long[] total = new long[pings];
      long[] send = new long[pings];
      for (int i = -warmUp; i < pings; i++) {
        long t0 = System.nanoTime();
        EventId ping = user.messages().text(room, "!ping " + i);
        long sent = System.nanoTime();
        since = awaitReply(user, filter, since, room, ping, "pong " + i);
        long t1 = System.nanoTime();
        if (i >= 0) {
          total[i] = t1 - t0;
          send[i] = sent - t0;
        }
        if (steward.failure().isPresent()) {
          throw new IllegalStateException("the bot stopped", steward.failure().get());
        }
      }
      long[] replies = bot.replyNanos();
      Arrays.sort(total);
      Arrays.sort(send);
      Arrays.sort(replies);
      return new Result(pings, pct(total, 0.5), pct(total, 0.99), total[pings - 1] / 1e6, pct(send, 0.5),
          pct(replies, 0.5));
    }
  }

  /** Long-polls as the user until the bot's reply to {@code ping} arrives; returns the new since token. */
  private static String awaitReply(MatrixClient user, String filter, String since, RoomId room, EventId ping,
                                   String body) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      SyncResponse batch = user.sync(SyncRequest.of(since, WAIT).withFilter(filter));
      since = batch.nextBatch();
      JoinedRoom joined = batch.joined().get(room);
      if (joined == null) {
        continue;
      }
      for (RoomEvent e : joined.timeline().events()) {
        JsonNode to = e.content().path("m.relates_to").path("m.in_reply_to").path("event_id");
        if (to.isTextual() && !to.asText().equals(ping.value())) {
          // Pings are sequential: a reply to any other event is a duplicate of an earlier answer.
          throw new IllegalStateException("a second reply to " + to.asText() + ": '" + e.contentText("body") + "'");
        }
        if (to.isTextual()) {
          if (!body.equals(e.contentText("body"))) {
            throw new IllegalStateException("reply to " + ping + " was '" + e.contentText("body") + "'");
          }
          return since;
        }
      }
    }
    throw new IllegalStateException("no reply to " + ping + " within " + WAIT);
  }

  /** Only the room's timeline: no presence, no other rooms, no account data. */
  private static ObjectNode onlyRoom(RoomId room) {
    ObjectNode f = Json.mapper().createObjectNode();
    f.putObject("presence").putArray("not_types").add("*");
    f.putObject("account_data").putArray("not_types").add("*");
    ObjectNode r = f.putObject("room");
    r.putArray("rooms").add(room.value());
    r.putObject("state").put("lazy_load_members", true);
    r.putObject("ephemeral").putArray("not_types").add("*");
    return f;
  }

  private static double pct(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
  }
}
