package dev.steward.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.client.internal.CallOptions;
import dev.steward.client.internal.Http;
import dev.steward.client.internal.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Exports a room to a ZIP bundle ({@code manifest.json} with the room's current state and its whole timeline, plus
 * the media its file and image messages point at, under {@code media/}) and imports such a bundle into a new room.
 */
public final class RoomExport {
  /** The {@code format} value of a bundle's manifest. */
  public static final String FORMAT = "steward-room-export";
  /** Message types whose {@code url} points at media the bundle carries. */
  static final List<String> MEDIA_MSGTYPES = List.of("m.image", "m.file", "m.audio", "m.video");

  private static final int PAGE = 100;

  private final MatrixClient client;
  private final Http http;

  RoomExport(MatrixClient client, Http http) {
    this.client = client;
    this.http = http;
  }

  /** Writes {@code room}'s state, its timeline from the start, and the media it references to the ZIP {@code zip}. */
  public void export(RoomId room, Path zip) {
    Objects.requireNonNull(room, "room");
    Objects.requireNonNull(zip, "zip");
    JsonNode state = RoomSnapshot.load(http, room).events();
    ArrayNode events = timeline(room);
    ObjectNode manifest = Json.mapper().createObjectNode().put("format", FORMAT).put("version", 1)
        .put("room_id", room.value()).put("exported_by", client.userId().value())
        .put("exported_at", Instant.now().toString());
    manifest.set("state", state);
    manifest.set("events", events);
    ObjectNode media = manifest.putObject("media");
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (JsonNode e : events) {
      mediaUri(e).filter(uri -> !media.has(uri.value())).ifPresent(uri -> {
        String entry = "media/" + uri.serverName().replace(':', '_') + "_" + uri.mediaId();
        files.put(entry, client.media().download(uri).bytes());
        media.put(uri.value(), entry);
      });
    }
    try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
      z.putNextEntry(new ZipEntry("manifest.json"));
      z.write(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
      z.closeEntry();
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        z.putNextEntry(new ZipEntry(f.getKey()));
        z.write(f.getValue());
        z.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the export of " + room + " to " + zip, e);
    }
  }

  /**
   * Imports a bundle into a new room: name, topic, join rules and history visibility recreated, {@code invite}
   * invited, media uploaded again, and each message posted in order by this account with the original sender and
   * time (UTC) in its text and in {@code dev.steward.import}.
   */
  public RoomId importBundle(Path zip, UserId... invite) {
    Objects.requireNonNull(zip, "zip");
    return new RoomImport(client).run(zip, List.of(invite));
  }

  /** Every timeline event from the room's start, paged forwards through {@code /messages}. */
  private ArrayNode timeline(RoomId room) {
    ArrayNode all = Json.mapper().createArrayNode();
    String from = null;
    while (true) {
      Map<String, String> q = new LinkedHashMap<>();
      q.put("dir", "f");
      q.put("limit", Integer.toString(PAGE));
      q.put("from", from);
      JsonNode page = http.json("GET", http.v3(q, "rooms", room.value(), "messages"), null, CallOptions.SAFE,
          JsonNode.class);
      page.path("chunk").forEach(all::add);
      String end = page.path("end").asText(null);
      // No end token, an empty page or a token that does not move means we reached the live end of the room.
      if (end == null || page.path("chunk").isEmpty() || end.equals(from)) {
        return all;
      }
      from = end;
    }
  }

  /** The media a message event points at, when it is an unencrypted file, image, audio or video message. */
  static java.util.Optional<MxcUri> mediaUri(JsonNode event) {
    if (!"m.room.message".equals(event.path("type").asText())
        || !MEDIA_MSGTYPES.contains(event.path("content").path("msgtype").asText())) {
      return java.util.Optional.empty();
    }
    try {
      return java.util.Optional.of(MxcUri.of(event.path("content").path("url").asText("")));
    } catch (IllegalArgumentException e) {
      return java.util.Optional.empty(); // no usable url (e.g. an encrypted file): nothing to carry
    }
  }
}
