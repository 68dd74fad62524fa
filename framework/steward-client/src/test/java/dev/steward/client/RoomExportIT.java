package dev.steward.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.client.internal.Json;
import dev.steward.client.model.CreateRoomRequest;
import dev.steward.client.model.RoomEvent;
import dev.steward.client.testing.SyncWatcher;
import dev.steward.client.testing.TestHomeserver;
import dev.steward.client.testing.TestUser;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A room exported to a ZIP and imported into a new room, read there by a third user. */
class RoomExportIT {
  private final TestHomeserver hs = TestHomeserver.get();

  @Test
  void carolReadsTheImportedMessagesInOrderWithTheirOriginalSendersAndTheImage(@TempDir Path dir) throws Exception {
    TestUser botUser = hs.newUser("bot");
    TestUser aliceUser = hs.newUser("alice");
    TestUser carolUser = hs.newUser("carol");
    MatrixClient bot = hs.client(botUser);
    MatrixClient alice = hs.client(aliceUser);
    MatrixClient carol = hs.client(carolUser);
    RoomId original = bot.rooms().create(CreateRoomRequest.privateGroup("Team room", aliceUser.userId())
        .topic("weekly sync").build());
    alice.rooms().join(original);
    bot.sendText(original, "hello team");
    alice.sendText(original, "hi bot");
    byte[] image = new byte[5000];
    new Random(3).nextBytes(image);
    bot.media().sendImage(original, image, "chart.png", "image/png", 10, 20);
    alice.sendText(original, "nice chart");
    Path zip = dir.resolve("export.zip");

    bot.export().export(original, zip);
    try (ZipFile z = new ZipFile(zip.toFile())) {
      JsonNode manifest = Json.mapper().readTree(z.getInputStream(z.getEntry("manifest.json")));
      assertThat(manifest.path("room_id").asText()).isEqualTo(original.value());
      assertThat(manifest.path("media").size()).isEqualTo(1);
    }
    RoomId copy = bot.export().importBundle(zip, carolUser.userId());

    assertThat(copy).isNotEqualTo(original);
    carol.rooms().join(copy);
    SyncWatcher carolView = new SyncWatcher(carol);
    carolView.await(copy, e -> e.type().equals("m.room.message")
        && String.valueOf(e.contentText("body")).endsWith(aliceUser.userId().value() + ": nice chart"), "last message");
    List<RoomEvent> messages = carolView.all(copy, e -> e.type().equals("m.room.message"));
    assertThat(messages).extracting(e -> e.contentText("body").replaceFirst("^\\[[0-9: -]{16}] ", "")).containsExactly(
        botUser.userId().value() + ": hello team",
        aliceUser.userId().value() + ": hi bot",
        botUser.userId().value() + ": chart.png",
        aliceUser.userId().value() + ": nice chart");
    assertThat(messages).allSatisfy(e -> assertThat(e.contentText("body"))
        .matches("^\\[\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d] .*"));
    assertThat(messages.get(1).content().path(RoomImport.IMPORT_FIELD).path("sender").asText())
        .isEqualTo(aliceUser.userId().value());
    RoomEvent img = messages.get(2);
    assertThat(img.contentText("msgtype")).isEqualTo("m.image");
    assertThat(carol.media().download(MxcUri.of(img.contentText("url"))).bytes()).isEqualTo(image);
    assertThat(carol.rooms().state(copy, "m.room.name", "").orElseThrow().path("name").asText()).isEqualTo("Team room");
    assertThat(carol.rooms().state(copy, "m.room.topic", "").orElseThrow().path("topic").asText())
        .isEqualTo("weekly sync");
  }
}
