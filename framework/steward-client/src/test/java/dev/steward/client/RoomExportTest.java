package dev.steward.client;

import static dev.steward.client.Fixtures.json;
import static dev.steward.client.Fixtures.ok;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.client.internal.Json;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoomExportTest {
  private static final RoomId ROOM = RoomId.of("!r:localhost");
  private static final String ROOM_PATH = "/_matrix/client/v3/rooms/!r:localhost";
  private static final String STATE = "[{\"type\":\"m.room.create\",\"state_key\":\"\",\"sender\":\"@bot:localhost\","
      + "\"content\":{}},{\"type\":\"m.room.name\",\"state_key\":\"\",\"sender\":\"@bot:localhost\","
      + "\"content\":{\"name\":\"Team\"}},{\"type\":\"m.room.join_rules\",\"state_key\":\"\","
      + "\"sender\":\"@bot:localhost\",\"content\":{\"join_rule\":\"invite\"}},{\"type\":\"m.room.power_levels\","
      + "\"state_key\":\"\",\"sender\":\"@bot:localhost\",\"content\":{\"users\":{\"@bot:localhost\":100}}}]";
  private final MockWebServer server = new MockWebServer();
  private final MatrixClient client = Fixtures.client(server, Fixtures.sleeps(), RetryPolicy.NONE);

  @AfterEach
  void close() throws Exception {
    server.shutdown();
  }

  private static String text(String id, String sender, long ts, String body) {
    return "{\"type\":\"m.room.message\",\"event_id\":\"" + id + "\",\"sender\":\"" + sender
        + "\",\"origin_server_ts\":" + ts + ",\"content\":{\"msgtype\":\"m.text\",\"body\":\"" + body + "\"}}";
  }

  @Test
  void exportPagesForwardFromTheStartAndBundlesTheMedia(@TempDir Path dir) throws Exception {
    server.enqueue(ok(STATE));
    server.enqueue(ok("{\"chunk\":[" + text("$1", "@alice:localhost", 1, "one") + "],\"end\":\"t2\"}"));
    server.enqueue(ok("{\"chunk\":[{\"type\":\"m.room.message\",\"event_id\":\"$2\",\"sender\":\"@bot:localhost\","
        + "\"origin_server_ts\":2,\"content\":{\"msgtype\":\"m.image\",\"body\":\"p.png\","
        + "\"url\":\"mxc://localhost/pic\"}}],\"end\":\"t3\"}"));
    server.enqueue(ok("{\"chunk\":[],\"end\":\"t3\"}"));
    server.enqueue(new MockResponse().setHeader("Content-Type", "image/png")
        .setBody(new Buffer().write(new byte[] {7})));
    Path zip = dir.resolve("x.zip");

    client.export().export(ROOM, zip);

    assertThat(server.takeRequest(5, SECONDS).getPath()).isEqualTo(ROOM_PATH + "/state");
    assertThat(server.takeRequest(5, SECONDS).getPath()).isEqualTo(ROOM_PATH + "/messages?dir=f&limit=100");
    assertThat(server.takeRequest(5, SECONDS).getPath()).isEqualTo(ROOM_PATH + "/messages?dir=f&limit=100&from=t2");
    assertThat(server.takeRequest(5, SECONDS).getPath()).isEqualTo(ROOM_PATH + "/messages?dir=f&limit=100&from=t3");
    assertThat(server.takeRequest(5, SECONDS).getPath()).isEqualTo("/_matrix/client/v1/media/download/localhost/pic");
    try (ZipFile z = new ZipFile(zip.toFile())) {
      JsonNode m = Json.mapper().readTree(z.getInputStream(z.getEntry("manifest.json")));
      assertThat(m.path("format").asText()).isEqualTo(RoomExport.FORMAT);
      assertThat(m.path("room_id").asText()).isEqualTo(ROOM.value());
      assertThat(m.path("state").size()).isEqualTo(4);
      assertThat(m.path("events").findValuesAsText("event_id")).containsExactly("$1", "$2");
      assertThat(m.path("media").path("mxc://localhost/pic").asText()).isEqualTo("media/localhost_pic");
      assertThat(z.getInputStream(z.getEntry("media/localhost_pic")).readAllBytes()).containsExactly(7);
    }
  }

  @Test
  void exportOfAnInvisibleRoomIsNotFound(@TempDir Path dir) {
    server.enqueue(json(403, "{\"errcode\":\"M_FORBIDDEN\",\"error\":\"not in room\"}"));

    RoomException e = catchThrowableOfType(RoomException.class,
        () -> client.export().export(ROOM, dir.resolve("x.zip")));

    assertThat(e.reason()).isEqualTo(RoomException.Reason.NOT_FOUND);
    assertThat(Files.exists(dir.resolve("x.zip"))).isFalse();
  }

  @Test
  void importRecreatesSettingsUploadsMediaAndPostsWithTheOriginalSenderAndTime(@TempDir Path dir) throws Exception {
    ObjectNode manifest = Json.mapper().createObjectNode().put("format", RoomExport.FORMAT).put("room_id", "!old:x");
    manifest.set("state", Json.mapper().readTree(STATE));
    manifest.set("events", Json.mapper().readTree("[" + text("$1", "@alice:localhost", 1_795_341_600_000L, "hello")
        + ",{\"type\":\"m.room.message\",\"event_id\":\"$2\",\"sender\":\"@bob:localhost\",\"origin_server_ts\":1,"
        + "\"content\":{\"msgtype\":\"m.file\",\"body\":\"a.txt\",\"url\":\"mxc://x/f\",\"info\":{\"mimetype\":"
        + "\"text/plain\"},\"m.relates_to\":{\"m.in_reply_to\":{\"event_id\":\"$1\"}}}},"
        + "{\"type\":\"m.reaction\",\"event_id\":\"$3\",\"sender\":\"@bob:localhost\",\"content\":{}}]"));
    manifest.putObject("media").put("mxc://x/f", "media/x_f");
    Path zip = dir.resolve("b.zip");
    try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
      z.putNextEntry(new ZipEntry("manifest.json"));
      z.write(manifest.toString().getBytes(StandardCharsets.UTF_8));
      z.putNextEntry(new ZipEntry("media/x_f"));
      z.write("file!".getBytes(StandardCharsets.UTF_8));
    }
    server.enqueue(ok("{\"room_id\":\"!new:localhost\"}"));
    server.enqueue(ok("{\"event_id\":\"$n1\"}"));
    server.enqueue(ok("{\"content_uri\":\"mxc://localhost/up\"}"));
    server.enqueue(ok("{\"event_id\":\"$n2\"}"));

    RoomId room = client.export().importBundle(zip, UserId.of("@carol:localhost"));

    assertThat(room).isEqualTo(RoomId.of("!new:localhost"));
    JsonNode create = Json.mapper().readTree(server.takeRequest(5, SECONDS).getBody().readUtf8());
    assertThat(create.path("name").asText()).isEqualTo("Team");
    assertThat(create.path("invite").toString()).isEqualTo("[\"@carol:localhost\"]");
    assertThat(create.path("initial_state").toString()).isEqualTo(
        "[{\"type\":\"m.room.join_rules\",\"state_key\":\"\",\"content\":{\"join_rule\":\"invite\"}}]");
    assertThat(create.has("power_level_content_override")).isFalse();
    JsonNode first = Json.mapper().readTree(server.takeRequest(5, SECONDS).getBody().readUtf8());
    assertThat(first.path("body").asText()).isEqualTo("[2026-11-22 10:00] @alice:localhost: hello");
    assertThat(first.path("dev.steward.import").toString()).isEqualTo(
        "{\"sender\":\"@alice:localhost\",\"origin_server_ts\":1795341600000,\"event_id\":\"$1\","
            + "\"room_id\":\"!old:x\"}");
    RecordedRequest upload = server.takeRequest(5, SECONDS);
    assertThat(upload.getPath()).isEqualTo("/_matrix/media/v3/upload?filename=a.txt");
    assertThat(upload.getBody().readUtf8()).isEqualTo("file!");
    JsonNode file = Json.mapper().readTree(server.takeRequest(5, SECONDS).getBody().readUtf8());
    assertThat(file.path("url").asText()).isEqualTo("mxc://localhost/up");
    assertThat(file.path("body").asText()).isEqualTo("[1970-01-01 00:00] @bob:localhost: a.txt");
    assertThat(file.path("m.relates_to").path("m.in_reply_to").path("event_id").asText()).isEqualTo("$n1");
    assertThat(server.getRequestCount()).as("the reaction is not replayed").isEqualTo(4);
  }

  @Test
  void aZipWithoutManifestIsRefusedBeforeCreatingARoom(@TempDir Path dir) throws Exception {
    Path zip = dir.resolve("empty.zip");
    try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
      z.putNextEntry(new ZipEntry("other.txt"));
    }

    assertThatThrownBy(() -> client.export().importBundle(zip)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has no manifest.json");
    assertThat(server.getRequestCount()).isZero();
  }
}
