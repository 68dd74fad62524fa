package dev.steward.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.client.internal.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The {@code /sync} batches of a bot account in many rooms, shaped like Synapse's: an initial batch in which every
 * room carries realistic state (create, power levels, join rules, history visibility, guest access, name, topic,
 * canonical alias, several members with display names and avatars) and a few messages of history; then one batch
 * with a message in every room (so every room must reach the handlers), then one batch of commands. Written with
 * Jackson's streaming generator, so even 10,000 rooms cost the generator little beyond the bytes themselves.
 */
final class LargeAccountFixture {
  static final String BOT = "@big-bot:bench.test";
  static final String OWNER = "@owner:bench.test";
  /** Has power level 50 everywhere: may run {@code !mod}. */
  static final String MODERATOR = "@mod:bench.test";
  /** Has the default power level 0: is refused {@code !mod}. */
  static final String MEMBER = "@member0:bench.test";
  private static final int PLAIN_MEMBERS = 4;
  private static final int HISTORY = 5;
  private static final long TS = 1_763_700_000_000L;

  private final int rooms;
  private final List<byte[]> batches = new ArrayList<>();
  /** Command event id to the reply body it must get. */
  private final Map<String, String> expectedReplies = new LinkedHashMap<>();

  LargeAccountFixture(int rooms) {
    if (rooms < 1) {
      throw new IllegalArgumentException("need at least one room, got " + rooms);
    }
    this.rooms = rooms;
    batches.add(write(this::initial));
    batches.add(write(this::messageInEveryRoom));
    batches.add(write(this::commands));
  }

  static String roomId(int r) {
    return "!big" + r + ":bench.test";
  }

  /** The content of room {@code r}'s power levels, as the initial batch carries it and the state API serves it. */
  static ObjectNode powerLevels() {
    ObjectNode c = Json.mapper().createObjectNode().put("ban", 50).put("kick", 50).put("redact", 50)
        .put("invite", 0).put("events_default", 0).put("state_default", 50).put("users_default", 0);
    c.putObject("users").put(OWNER, 100).put(BOT, 50).put(MODERATOR, 50);
    c.putObject("events").put("m.room.name", 50).put("m.room.power_levels", 100)
        .put("m.room.history_visibility", 100).put("m.room.canonical_alias", 50).put("m.room.tombstone", 100);
    c.putObject("notifications").put("room", 50);
    return c;
  }

  private void initial(JsonGenerator g) throws IOException {
    g.writeStringField("next_batch", "b1");
    g.writeObjectFieldStart("rooms");
    g.writeObjectFieldStart("join");
    ObjectNode pl = powerLevels();
    for (int r = 0; r < rooms; r++) {
      g.writeObjectFieldStart(roomId(r));
      g.writeObjectFieldStart("summary");
      g.writeArrayFieldStart("m.heroes");
      g.writeString(OWNER);
      g.writeString(MODERATOR);
      g.writeEndArray();
      g.writeNumberField("m.joined_member_count", 3 + PLAIN_MEMBERS);
      g.writeNumberField("m.invited_member_count", 0);
      g.writeEndObject();
      g.writeObjectFieldStart("state");
      g.writeArrayFieldStart("events");
      int n = 0;
      writeState(g, r, n++, "m.room.create", "", OWNER, obj().put("room_version", "10").put("creator", OWNER));
      writeState(g, r, n++, "m.room.power_levels", "", OWNER, pl);
      String[][] simple = {
          {"m.room.join_rules", "join_rule", r % 3 == 0 ? "public" : "invite"},
          {"m.room.history_visibility", "history_visibility", "shared"},
          {"m.room.guest_access", "guest_access", "forbidden"},
          {"m.room.name", "name", "Project room " + r},
          {"m.room.topic", "topic", "Everything about project " + r
              + ": plans, releases, and the weekly meeting notes. Be kind; the bot keeps order."},
          {"m.room.canonical_alias", "alias", "#project-" + r + ":bench.test"}};
      for (String[] s : simple) {
        writeState(g, r, n++, s[0], "", OWNER, obj().put(s[1], s[2]));
      }
      for (String member : members()) {
        writeState(g, r, n++, "m.room.member", member, member, obj().put("membership", "join")
            .put("displayname", member.substring(1, member.indexOf(':')) + " of project " + r)
            .put("avatar_url", "mxc://bench.test/avatar" + member.hashCode()));
      }
      g.writeEndArray();
      g.writeEndObject();
      g.writeObjectFieldStart("timeline");
      g.writeBooleanField("limited", true);
      g.writeStringField("prev_batch", "p" + r);
      g.writeArrayFieldStart("events");
      for (int h = 0; h < HISTORY; h++) {
        // History from before the bot started, commands included: a fresh start must not answer these.
        message(g, "$h" + r + "-" + h, h % 2 == 0 ? OWNER : MEMBER, h == 0 ? "!ping old" : "earlier talk " + h);
      }
      g.writeEndArray();
      g.writeEndObject();
      g.writeObjectFieldStart("unread_notifications");
      g.writeNumberField("highlight_count", 0);
      g.writeNumberField("notification_count", HISTORY);
      g.writeEndObject();
      g.writeEndObject();
    }
    g.writeEndObject();
    g.writeEndObject();
  }

  private void messageInEveryRoom(JsonGenerator g) throws IOException {
    g.writeStringField("next_batch", "b2");
    g.writeObjectFieldStart("rooms");
    g.writeObjectFieldStart("join");
    for (int r = 0; r < rooms; r++) {
      g.writeObjectFieldStart(roomId(r));
      timeline(g, "q" + r);
      message(g, "$m" + r, MEMBER, "good morning, project " + r);
      g.writeEndArray();
      g.writeEndObject();
      g.writeEndObject();
    }
    g.writeEndObject();
    g.writeEndObject();
  }

  /** Pings in the first, middle and last room; in the last, {@code !mod} from a moderator and from a member. */
  private void commands(JsonGenerator g) throws IOException {
    g.writeStringField("next_batch", "b3");
    g.writeObjectFieldStart("rooms");
    g.writeObjectFieldStart("join");
    int last = rooms - 1;
    for (int r : commandRooms(rooms)) {
      g.writeObjectFieldStart(roomId(r));
      timeline(g, "c" + r);
      command(g, "$ping" + r, MEMBER, "!ping " + r, "pong " + r);
      if (r == last) {
        command(g, "$mod" + r, MODERATOR, "!mod", "mod ok in " + roomId(r));
        command(g, "$refused" + r, MEMBER, "!mod", "You need power level 50 in this room to use !mod.");
      }
      g.writeEndArray();
      g.writeEndObject();
      g.writeEndObject();
    }
    g.writeEndObject();
    g.writeEndObject();
  }

  private static SortedSet<Integer> commandRooms(int rooms) {
    return new TreeSet<>(List.of(0, rooms / 2, rooms - 1));
  }

  /** How many commands the bot's handlers run (the refused one never reaches them). */
  static int commandsRun(int rooms) {
    return commandRooms(rooms).size() + 1;
  }

  private void command(JsonGenerator g, String id, String sender, String body, String reply) throws IOException {
    message(g, id, sender, body);
    expectedReplies.put(id, reply);
  }

  private static void timeline(JsonGenerator g, String prev) throws IOException {
    g.writeObjectFieldStart("timeline");
    g.writeBooleanField("limited", false);
    g.writeStringField("prev_batch", prev);
    g.writeArrayFieldStart("events");
  }

  private static List<String> members() {
    List<String> m = new ArrayList<>(List.of(OWNER, BOT, MODERATOR));
    for (int i = 0; i < PLAIN_MEMBERS; i++) {
      m.add("@member" + i + ":bench.test");
    }
    return m;
  }

  private static ObjectNode obj() {
    return Json.mapper().createObjectNode();
  }

  private static void writeState(JsonGenerator g, int room, int n, String type, String key, String sender,
                                 ObjectNode content) throws IOException {
    g.writeStartObject();
    g.writeStringField("type", type);
    g.writeStringField("state_key", key);
    g.writeStringField("sender", sender);
    g.writeStringField("event_id", "$s" + room + "-" + n);
    g.writeNumberField("origin_server_ts", TS + n);
    g.writeFieldName("content");
    g.writeTree(content);
    g.writeObjectFieldStart("unsigned");
    g.writeNumberField("age", 86_400_000L + n);
    g.writeEndObject();
    g.writeEndObject();
  }

  private static void message(JsonGenerator g, String id, String sender, String body) throws IOException {
    g.writeStartObject();
    g.writeStringField("type", "m.room.message");
    g.writeStringField("sender", sender);
    g.writeStringField("event_id", id);
    g.writeNumberField("origin_server_ts", TS + 100_000);
    g.writeObjectFieldStart("content");
    g.writeStringField("msgtype", "m.text");
    g.writeStringField("body", body);
    g.writeEndObject();
    g.writeObjectFieldStart("unsigned");
    g.writeNumberField("age", 1_000);
    g.writeEndObject();
    g.writeEndObject();
  }

  private interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  private byte[] write(Body body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
    try (JsonGenerator g = Json.mapper().getFactory().createGenerator(out)) {
      g.writeStartObject();
      body.write(g);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing the fixture failed", e);
    }
    return out.toByteArray();
  }

  /** Batch i answers {@code since=b<i>}; the first answers a sync without {@code since}. */
  List<byte[]> batches() {
    return batches;
  }

  int rooms() {
    return rooms;
  }

  /** Command event id to the exact reply body it must get, once. */
  Map<String, String> expectedReplies() {
    return expectedReplies;
  }
}
