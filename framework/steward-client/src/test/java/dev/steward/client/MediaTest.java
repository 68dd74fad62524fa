package dev.steward.client;

import static dev.steward.client.Fixtures.json;
import static dev.steward.client.Fixtures.ok;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.client.internal.Json;
import java.nio.charset.StandardCharsets;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MediaTest {
  private static final MxcUri URI = MxcUri.of("mxc://localhost/abc123");
  private final MockWebServer server = new MockWebServer();
  private final MatrixClient client = Fixtures.client(server, Fixtures.sleeps(), RetryPolicy.NONE);

  @AfterEach
  void close() throws Exception {
    server.shutdown();
  }

  private static MockResponse bytes(String contentType, byte[] body) {
    return new MockResponse().setHeader("Content-Type", contentType).setBody(new Buffer().write(body));
  }

  @Test
  void uploadPostsTheBytesWithContentTypeAndFilename() throws Exception {
    server.enqueue(ok("{\"content_uri\":\"mxc://localhost/abc123\"}"));
    byte[] data = {1, 2, 3, (byte) 0xff};

    assertThat(client.media().upload(data, "image/png", "a b.png")).isEqualTo(URI);

    RecordedRequest r = server.takeRequest(5, SECONDS);
    assertThat(r.getMethod()).isEqualTo("POST");
    assertThat(r.getPath()).isEqualTo("/_matrix/media/v3/upload?filename=a%20b.png");
    assertThat(r.getHeader("Content-Type")).isEqualTo("image/png");
    assertThat(r.getHeader("Authorization")).isEqualTo("Bearer " + Fixtures.TOKEN);
    assertThat(r.getBody().readByteArray()).isEqualTo(data);
  }

  @Test
  void downloadUsesAuthenticatedMedia() throws Exception {
    server.enqueue(bytes("text/plain", "hello".getBytes(StandardCharsets.UTF_8)));

    MediaDownload d = client.media().download(URI);

    assertThat(new String(d.bytes(), StandardCharsets.UTF_8)).isEqualTo("hello");
    assertThat(d.contentType()).isEqualTo("text/plain");
    RecordedRequest r = server.takeRequest(5, SECONDS);
    assertThat(r.getPath()).isEqualTo("/_matrix/client/v1/media/download/localhost/abc123");
    assertThat(r.getHeader("Authorization")).isEqualTo("Bearer " + Fixtures.TOKEN);
  }

  @Test
  void downloadFallsBackToTheLegacyEndpointWhenUnrecognised() throws Exception {
    server.enqueue(json(404, "{\"errcode\":\"M_UNRECOGNIZED\",\"error\":\"Unrecognized request\"}"));
    server.enqueue(bytes("image/png", new byte[] {9, 8}));

    assertThat(client.media().download(URI).bytes()).containsExactly(9, 8);

    server.takeRequest(5, SECONDS);
    assertThat(server.takeRequest(5, SECONDS).getPath()).isEqualTo("/_matrix/media/v3/download/localhost/abc123");
  }

  @Test
  void downloadDoesNotFallBackWhenForbidden() {
    server.enqueue(json(403, "{\"errcode\":\"M_FORBIDDEN\",\"error\":\"no\"}"));

    MatrixException e = catchThrowableOfType(MatrixException.class, () -> client.media().download(URI));

    assertThat(e.code()).isEqualTo(ErrorCode.M_FORBIDDEN);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void uploadTooLargeIsReportedWithItsErrcode() {
    server.enqueue(json(413, "{\"errcode\":\"M_TOO_LARGE\",\"error\":\"File too large\"}"));

    MatrixException e = catchThrowableOfType(MatrixException.class,
        () -> client.media().upload(new byte[10], null, null));

    assertThat(e.code()).isEqualTo(ErrorCode.M_TOO_LARGE);
    assertThat(e.status()).isEqualTo(413);
  }

  @Test
  void sendImageUploadsThenSendsAnImageMessageWithInfo() throws Exception {
    server.enqueue(ok("{\"content_uri\":\"mxc://localhost/abc123\"}"));
    server.enqueue(ok("{\"event_id\":\"$img\"}"));

    EventId id = client.media().sendImage(RoomId.of("!r:localhost"), new byte[7], "cat.jpg", "image/jpeg", 640, 480);

    assertThat(id).isEqualTo(EventId.of("$img"));
    server.takeRequest(5, SECONDS);
    RecordedRequest send = server.takeRequest(5, SECONDS);
    assertThat(send.getMethod()).isEqualTo("PUT");
    assertThat(send.getPath()).startsWith("/_matrix/client/v3/rooms/!r:localhost/send/m.room.message/");
    JsonNode c = Json.mapper().readTree(send.getBody().readUtf8());
    assertThat(c.toString()).isEqualTo("{\"msgtype\":\"m.image\",\"body\":\"cat.jpg\","
        + "\"url\":\"mxc://localhost/abc123\","
        + "\"info\":{\"size\":7,\"mimetype\":\"image/jpeg\",\"w\":640,\"h\":480}}");
  }

  @Test
  void fileContentNamesTheFileAndDefaultsTheMimetype() {
    assertThat(Media.content("m.file", "a.bin", URI, null, 3, null, null).toString())
        .isEqualTo("{\"msgtype\":\"m.file\",\"body\":\"a.bin\",\"url\":\"mxc://localhost/abc123\","
            + "\"filename\":\"a.bin\","
            + "\"info\":{\"size\":3,\"mimetype\":\"application/octet-stream\"}}");
  }

  @Test
  void mxcUrisAreParsedAndBadOnesQuoted() {
    assertThat(MxcUri.of("mxc://example.org:8448/Ab_-9").serverName()).isEqualTo("example.org:8448");
    assertThatThrownBy(() -> MxcUri.of("https://x/y")).hasMessageContaining("'https://x/y'");
    assertThatThrownBy(() -> MxcUri.of("mxc://x/a/b")).hasMessageContaining("invalid media id");
    assertThatThrownBy(() -> MxcUri.of("mxc://x")).hasMessageContaining("has no media id");
  }
}
