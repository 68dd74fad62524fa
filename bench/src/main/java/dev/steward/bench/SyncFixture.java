package dev.steward.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.client.internal.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Pre-generated {@code /sync} batches shaped like Synapse's: the first carries each room's state (create, power
 * levels, join rules, members), the rest carry message timelines in which a share of the messages are
 * {@code !ping} commands. Serialised once, so serving them costs the benchmark nothing.
 */
public final class SyncFixture {
  /** The bot's user id in the fixture. */
  public static final String BOT = "@bench-bot:bench.test";

  private final List<byte[]> batches = new ArrayList<>();
  private final List<Integer> commandsPerBatch = new ArrayList<>();
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
    Random random = new Random(seed);
    this.events = events;
    this.perBatch = perBatch;
    batches.add(stateBatch(rooms));
    commandsPerBatch.add(0);
    int pings = 0;
    int users = 50;
    for (int start = 0; start < events; start += perBatch) {
      ObjectNode root = Json.mapper().createObjectNode().put("next_batch", "b" + (batches.size() + 1));
      ObjectNode join = root.putObject("rooms").putObject("join");
      int inBatch = 0;
      for (int i = start; i < Math.min(events, start + perBatch); i++) {
        String room = roomId(random.nextInt(rooms));
        ObjectNode r = join.has(room) ? (ObjectNode) join.get(room) : newRoom(join, room, "p" + i);
        boolean ping = random.nextDouble() < pingShare;
        ObjectNode ev = ((ArrayNode) r.get("timeline").get("events")).addObject()
            .put("type", "m.room.message").put("sender", "@user" + random.nextInt(users) + ":bench.test")
            .put("event_id", "$e" + i + "-" + Long.toHexString(random.nextLong()))
            .put("origin_server_ts", 1_763_800_000_000L + i);
        ev.putObject("content").put("msgtype", "m.text")
            .put("body", ping ? "!ping " + i : "just chatting about item " + i + " with everyone here");
        ev.putObject("unsigned").put("age", 120 + random.nextInt(500));
        if (ping) {
          pings++;
          inBatch++;
        }
      }
      batches.add(bytes(root));
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
    ObjectNode root = Json.mapper().createObjectNode().put("next_batch", "b1");
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

  public int commands() {
    return commands;
  }

  /** Total bytes of all batches. */
  public long bytes() {
    return batches.stream().mapToLong(b -> b.length).sum();
  }
}
