package dev.steward.client;

import static dev.steward.client.testing.SyncWatcher.messageWithBody;
import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.client.model.CreateRoomRequest;
import dev.steward.client.model.RoomEvent;
import dev.steward.client.testing.SyncWatcher;
import dev.steward.client.testing.TestHomeserver;
import dev.steward.client.testing.TestUser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files and images the bot sends, downloaded byte for byte by alice. */
class MediaIT {
  private final TestHomeserver hs = TestHomeserver.get();

  @Test
  void aliceDownloadsTheExactBytesOfAnImageAndAFileTheBotSent(@TempDir Path dir) throws Exception {
    MatrixClient bot = hs.client(hs.newUser("bot"));
    TestUser aliceUser = hs.newUser("alice");
    MatrixClient alice = hs.client(aliceUser);
    RoomId room = bot.rooms().create(CreateRoomRequest.privateGroup("media", aliceUser.userId()).build());
    alice.rooms().join(room);
    byte[] image = new byte[40_000];
    new Random(7).nextBytes(image);
    Path file = dir.resolve("notes.txt");
    Files.writeString(file, "meeting notes\nline two\n");

    bot.media().sendImage(room, image, "pic.png", "image/png", 64, 32);
    bot.media().sendFile(room, file, "text/plain");

    SyncWatcher view = new SyncWatcher(alice);
    RoomEvent img = view.await(room, messageWithBody("pic.png"), "the image message");
    assertThat(img.contentText("msgtype")).isEqualTo("m.image");
    assertThat(img.content().path("info").path("w").asInt()).isEqualTo(64);
    assertThat(img.content().path("info").path("h").asInt()).isEqualTo(32);
    assertThat(img.content().path("info").path("size").asLong()).isEqualTo(image.length);
    MediaDownload got = alice.media().download(MxcUri.of(img.contentText("url")));
    assertThat(got.bytes()).isEqualTo(image);
    assertThat(got.contentType()).startsWith("image/png");

    RoomEvent doc = view.await(room, messageWithBody("notes.txt"), "the file message");
    assertThat(doc.contentText("msgtype")).isEqualTo("m.file");
    assertThat(doc.content().path("info").path("mimetype").asText()).isEqualTo("text/plain");
    assertThat(alice.media().download(MxcUri.of(doc.contentText("url"))).bytes()).isEqualTo(Files.readAllBytes(file));
  }
}
