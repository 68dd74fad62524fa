package dev.steward.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.client.internal.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Pre-generated {@code /sync} batches shaped like Synapse's: the first carries each room's state (create, power
 * levels, join rules, members), the rest carry message timelines in which a share of the messages are
 * {@code !ping} commands. Serialised once, so serving them costs the benchmark nothing.
 *
 * <p>The message batches can be served again and again, in laps, to one long-running bot: {@link #serve} writes the
 * lap into every event id ({@code $e<lap>-<index>-<random>}, the lap three digits) and the position into the sync
 * token, in place, so each lap's events are new to the bot and cost nothing to make.
 */
public final class SyncFixture {
  /** The bot's user id in the fixture. */
  public static final String BOT = "@bench-bot:bench.test";

  /** Laps a fixture can be served in: the lap is three digits of every event id. */
  public static final int MAX_LAPS = 1_000;
  private static final int TOKEN_DIGITS = 9;
  private static final byte[] EVENT_ID = "\"$e".getBytes(StandardCharsets.UTF_8);

  private final List<byte[]> batches = new ArrayList<>();
  /** Per batch, where the lap digits of its event ids start. */
  private final List<int[]> lapDigits = new ArrayList<>();
  private final List<Integer> commandsPerBatch = new ArrayList<>();
  private final int rooms;
  private final int events;
  private final int commands;
  private final int perBatch;

  /**
   * @param rooms how many rooms the events spread over
   * @param events how many message events in all
   * @param pingShare the share of messages that are commands (0 to 1)
   * @param perBatch message events per sync batch
   */
  public SyncFixture(int rooms, int events, double pingShare, int perBatch, long seed) {
    this(rooms, events, pingShare, perBatch, seed, "!ping");
  }

  /**
   * As {@link #SyncFixture(int, int, double, int, long)} with the commands {@code <command> N} rather than
   * {@code !ping N} (the cold runs drive the shipped echo bot with {@code !echo N}).
   */
  public SyncFixture(int rooms, int events, double pingShare, int perBatch, long seed, String command) {
    this(rooms, events, pingShare, perBatch, seed, command, 50);
  }

  /**
   * As {@link #SyncFixture(int, int, double, int, long, String)} with the messages sent by {@code users} users,
   * {@code @user0:bench.test} and on (the encrypted runs have one sender device, so one user).
   */
  public SyncFixture(int rooms, int events, double pingShare, int perBatch, long seed, String command, int users) {
    Random random = new Random(seed);
    this.rooms = rooms;
    this.events = events;
    this.perBatch = perBatch;
    add(stateBatch(rooms));
    commandsPerBatch.add(0);
    int pings = 0;
    for (int start = 0; start < events; start += perBatch) {
      ObjectNode root = Json.mapper().createObjectNode().put("next_batch", token(batches.size() + 1));
      ObjectNode join = root.putObject("rooms").putObject("join");
      int inBatch = 0;
      for (int i = start; i < Math.min(events, start + perBatch); i++) {
        String room = roomId(random.nextInt(rooms));
        ObjectNode r = join.has(room) ? (ObjectNode) join.get(room) : newRoom(join, room, "p" + i);
        boolean ping = random.nextDouble() < pingShare;
        ObjectNode ev = ((ArrayNode) r.get("timeline").get("events")).addObject()
            .put("type", "m.room.message").put("sender", "@user" + random.nextInt(users) + ":bench.test")
            .put("event_id", "$e000-" + i + "-" + Long.toHexString(random.nextLong()))
            .put("origin_server_ts", 1_763_800_000_000L + i);
        ev.putObject("content").put("msgtype", "m.text")
            .put("body", ping ? command + " " + i : "just chatting about item " + i + " with everyone here");
        ev.putObject("unsigned").put("age", 120 + random.nextInt(500));
        if (ping) {
          pings++;
          inBatch++;
        }
      }
      add(bytes(root));
      commandsPerBatch.add(inBatch);
    }
    this.commands = pings;
  }

  private static ObjectNode newRoom(ObjectNode join, String room, String prev) {
    ObjectNode r = join.putObject(room);
    r.putObject("timeline").put("limited", false).put("prev_batch", prev).putArray("events");
    r.putObject("state").putArray("events");
    r.putObject("unread_notifications").put("highlight_count", 0).put("notification_count", 0);
    return r;
  }

  private static byte[] stateBatch(int rooms) {
    ObjectNode root = Json.mapper().createObjectNode().put("next_batch", token(1));
    ObjectNode join = root.putObject("rooms").putObject("join");
    for (int r = 0; r < rooms; r++) {
      ObjectNode room = newRoom(join, roomId(r), "s" + r);
      ArrayNode state = (ArrayNode) room.get("state").get("events");
      state.add(state("m.room.create", "", "@owner:bench.test", r, 0)
          .set("content", Json.mapper().createObjectNode().put("room_version", "10")));
      ObjectNode pl = state("m.room.power_levels", "", "@owner:bench.test", r, 1);
      pl.putObject("content").put("events_default", 0).put("state_default", 50).putObject("users")
          .put("@owner:bench.test", 100).put(BOT, 50);
      state.add(pl);
      state.add(state("m.room.join_rules", "", "@owner:bench.test", r, 2)
          .set("content", Json.mapper().createObjectNode().put("join_rule", "public")));
      for (String member : new String[] {"@owner:bench.test", BOT}) {
        ObjectNode m = state("m.room.member", member, member, r, 3);
        m.putObject("content").put("membership", "join").put("displayname", member.substring(1, 8));
        state.add(m);
      }
    }
    return bytes(root);
  }

  private static ObjectNode state(String type, String key, String sender, int room, int n) {
    return Json.mapper().createObjectNode().put("type", type).put("state_key", key).put("sender", sender)
        .put("event_id", "$s" + room + "-" + n).put("origin_server_ts", 1_763_700_000_000L);
  }

  /** The sync token answering position {@code n}: fixed width, so {@link #serve} can rewrite it in place. */
  static String token(long n) {
    return "b" + String.format("%0" + TOKEN_DIGITS + "d", n);
  }

  private void add(byte[] batch) {
    int[] at = new int[64];
    int n = 0;
    for (int i = indexOf(batch, EVENT_ID, 0); i >= 0; i = indexOf(batch, EVENT_ID, i + 1)) {
      if (n == at.length) {
        at = Arrays.copyOf(at, n * 2);
      }
      at[n++] = i + EVENT_ID.length;
    }
    batches.add(batch);
    lapDigits.add(Arrays.copyOf(at, n));
  }

  private static int indexOf(byte[] in, byte[] what, int from) {
    outer:
    for (int i = from; i <= in.length - what.length; i++) {
      for (int j = 0; j < what.length; j++) {
        if (in[i + j] != what[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** Message batches after the state batch: one lap. */
  public int lapBatches() {
    return batches.size() - 1;
  }

  /**
   * The batch answering sync position {@code position} (0: the state batch; then lap after lap of the message
   * batches), with its event ids and next token written for that position. Rewrites the fixture's bytes in place:
   * serve one batch at a time, and each only after the bot has read it the previous lap.
   */
  public byte[] serve(long position) {
    int batch = position == 0 ? 0 : 1 + (int) ((position - 1) % lapBatches());
    int lap = position == 0 ? 0 : (int) ((position - 1) / lapBatches());
    if (lap >= MAX_LAPS) {
      throw new IllegalArgumentException("position " + position + " is beyond " + MAX_LAPS + " laps");
    }
    byte[] b = batches.get(batch);
    for (int at : lapDigits.get(batch)) {
      b[at] = (byte) ('0' + lap / 100);
      b[at + 1] = (byte) ('0' + lap / 10 % 10);
      b[at + 2] = (byte) ('0' + lap % 10);
    }
    byte[] next = token(position + 1).getBytes(StandardCharsets.US_ASCII);
    int t = indexOf(b, "\"next_batch\":\"".getBytes(StandardCharsets.US_ASCII), 0) + 14;
    System.arraycopy(next, 0, b, t, next.length);
    return b;
  }

  private static byte[] bytes(ObjectNode root) {
    return root.toString().getBytes(StandardCharsets.UTF_8);
  }

  static String roomId(int r) {
    return "!room" + r + ":bench.test";
  }

  /** The batches, in order; batch i answers {@code since=b<i>} (the first answers no since). */
  public List<byte[]> batches() {
    return batches;
  }

  /** Commands in batch i. */
  public int commandsIn(int batch) {
    return commandsPerBatch.get(batch);
  }

  /** Message events per batch after the first. */
  public int perBatch() {
    return perBatch;
  }

  public int events() {
    return events;
  }

  /** The rooms the bot is joined to, {@code !room0:bench.test} and on. */
  public int rooms() {
    return rooms;
  }

  public int commands() {
    return commands;
  }

  /** Total bytes of all batches. */
  public long bytes() {
    return batches.stream().mapToLong(b -> b.length).sum();
  }
}
