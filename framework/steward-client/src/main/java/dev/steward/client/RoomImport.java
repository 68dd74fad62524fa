package dev.steward.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.client.internal.Json;
import dev.steward.client.model.CreateRoomRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** Replays an export bundle into a new room; see {@link RoomExport#importBundle}. */
final class RoomImport {
  /** Content field carrying the original sender, time and ids of an imported message. */
  static final String IMPORT_FIELD = "dev.steward.import";
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);
  private static final long MAX_ENTRY = 512L * 1024 * 1024;

  private final MatrixClient client;
  private final Map<String, byte[]> entries = new HashMap<>();
  private final Map<String, String> newEventIds = new HashMap<>();

  RoomImport(MatrixClient client) {
    this.client = client;
  }

  RoomId run(Path zip, List<UserId> invite) {
    read(zip);
    byte[] manifestBytes = entries.get("manifest.json");
    if (manifestBytes == null) {
      throw new IllegalArgumentException(zip + " is not a room export: it has no manifest.json");
    }
    JsonNode manifest;
    try {
      manifest = Json.mapper().readTree(manifestBytes);
    } catch (IOException e) {
      throw new IllegalArgumentException(zip + ": manifest.json is not JSON (" + e.getMessage() + ")", e);
    }
    if (!RoomExport.FORMAT.equals(manifest.path("format").asText())) {
      throw new IllegalArgumentException(zip + " is not a room export: format is '"
          + manifest.path("format").asText() + "', expected '" + RoomExport.FORMAT + "'");
    }
    RoomId room = client.rooms().create(createRequest(manifest.path("state"), invite));
    for (JsonNode event : manifest.path("events")) {
      if ("m.room.message".equals(event.path("type").asText()) && event.path("content").has("body")) {
        post(room, manifest, event);
      }
    }
    return room;
  }

  private CreateRoomRequest createRequest(JsonNode state, List<UserId> invite) {
    CreateRoomRequest.Builder b = CreateRoomRequest.builder().preset(CreateRoomRequest.Preset.PRIVATE_CHAT)
        .invite(invite.toArray(UserId[]::new));
    for (JsonNode e : state) {
      JsonNode content = e.path("content");
      switch (e.path("type").asText()) {
        case "m.room.name" -> b.name(content.path("name").asText(null));
        case "m.room.topic" -> b.topic(content.path("topic").asText(null));
        case "m.room.join_rules", "m.room.history_visibility" -> b.initialState(e.path("type").asText(), "", content);
        default -> { } // membership, power levels and the rest belong to the original room
      }
    }
    return b.build();
  }

  private void post(RoomId room, JsonNode manifest, JsonNode event) {
    ObjectNode content = event.path("content").deepCopy();
    String sender = event.path("sender").asText("unknown");
    long ts = event.path("origin_server_ts").asLong();
    String prefix = "[" + TIME.format(Instant.ofEpochMilli(ts)) + "] " + sender + ": ";
    RoomExport.mediaUri(event).ifPresent(uri -> {
      String entry = manifest.path("media").path(uri.value()).asText(null);
      byte[] bytes = entry == null ? null : entries.get(entry);
      if (bytes == null) {
        throw new IllegalArgumentException("the bundle lacks the media " + uri + " that event "
            + event.path("event_id").asText() + " points at");
      }
      String mimetype = content.path("info").path("mimetype").asText(null);
      content.put("url", client.media().upload(bytes, mimetype, content.path("body").asText(null)).value());
    });
    content.put("body", prefix + content.path("body").asText());
    if (content.has("formatted_body")) {
      content.put("formatted_body", escape(prefix) + content.path("formatted_body").asText());
    }
    relink(content);
    ObjectNode origin = content.putObject(IMPORT_FIELD).put("sender", sender).put("origin_server_ts", ts);
    origin.put("event_id", event.path("event_id").asText(null)).put("room_id", manifest.path("room_id").asText());
    EventId sent = client.sendEvent(room, "m.room.message", content);
    newEventIds.put(event.path("event_id").asText(""), sent.value());
  }

  /** Points replies and edits at the imported copies; a relation to an event not imported is dropped. */
  private void relink(ObjectNode content) {
    JsonNode rel = content.get("m.relates_to");
    if (rel == null || !rel.isObject()) {
      return;
    }
    ObjectNode r = (ObjectNode) rel;
    String target = r.has("event_id") ? r.path("event_id").asText() : r.path("m.in_reply_to").path("event_id").asText();
    String mapped = newEventIds.get(target);
    if (mapped == null) {
      content.remove("m.relates_to");
      content.remove("m.new_content");
    } else if (r.has("event_id")) {
      r.put("event_id", mapped);
    } else {
      r.withObject("m.in_reply_to").put("event_id", mapped);
    }
  }

  private void read(Path zip) {
    try (InputStream in = Files.newInputStream(zip); ZipInputStream z = new ZipInputStream(in)) {
      for (ZipEntry e = z.getNextEntry(); e != null; e = z.getNextEntry()) {
        byte[] bytes = z.readNBytes((int) Math.min(MAX_ENTRY, Integer.MAX_VALUE - 8));
        entries.put(e.getName(), bytes);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the bundle " + zip, e);
    }
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
