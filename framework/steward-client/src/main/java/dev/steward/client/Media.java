package dev.steward.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.client.internal.CallOptions;
import dev.steward.client.internal.Http;
import dev.steward.client.internal.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The media repository: upload bytes or files (getting an {@code mxc://} URI), download them (authenticated media
 * first, the legacy endpoint as fallback), and send them as {@code m.file} / {@code m.image} messages.
 */
public final class Media {
  private static final String OCTET_STREAM = "application/octet-stream";

  private final MatrixClient client;
  private final Http http;

  Media(MatrixClient client, Http http) {
    this.client = client;
    this.http = http;
  }

  /** Uploads bytes under {@code filename} (may be null) and returns their content URI. */
  public MxcUri upload(byte[] bytes, String contentType, String filename) {
    Objects.requireNonNull(bytes, "bytes");
    return upload(RequestBody.create(bytes, mediaType(contentType)), filename);
  }

  /** Uploads a file, named by its file name, and returns its content URI. */
  public MxcUri upload(Path file, String contentType) {
    Objects.requireNonNull(file, "file");
    return upload(RequestBody.create(file.toFile(), mediaType(contentType)), file.getFileName().toString());
  }

  private MxcUri upload(RequestBody body, String filename) {
    HttpUrl url = http.url("_matrix", "media", "v3", "upload");
    if (filename != null) {
      url = url.newBuilder().addQueryParameter("filename", filename).build();
    }
    // Repeating an upload at worst leaves an unused copy, so retries are allowed.
    Request request = http.request("POST", url, null, CallOptions.SAFE, true).newBuilder().post(body).build();
    try (Response response = http.raw(request, null)) {
      JsonNode r = Json.mapper().readTree(response.body().byteStream());
      return MxcUri.of(r.path("content_uri").asText(""));
    } catch (IOException | IllegalArgumentException e) {
      throw new MatrixException(Http.describe(request), "unreadable upload response (" + e.getMessage() + ")", e);
    }
  }

  /**
   * Downloads media: {@code /_matrix/client/v1/media/download} (authenticated), falling back to the legacy
   * {@code /_matrix/media/v3/download} when the server does not know the new endpoint.
   */
  public MediaDownload download(MxcUri uri) {
    Objects.requireNonNull(uri, "uri");
    try {
      return fetch(http.url("_matrix", "client", "v1", "media", "download", uri.serverName(), uri.mediaId()));
    } catch (MatrixException e) {
      if (e.status() != 404 && e.code() != ErrorCode.M_UNRECOGNIZED) {
        throw e;
      }
      return fetch(http.url("_matrix", "media", "v3", "download", uri.serverName(), uri.mediaId()));
    }
  }

  private MediaDownload fetch(HttpUrl url) {
    Request request = http.request("GET", url, null, CallOptions.SAFE, true);
    try (Response response = http.raw(request, null)) {
      return new MediaDownload(response.body().bytes(), response.header("Content-Type"));
    } catch (IOException e) {
      throw new MatrixException(Http.describe(request), "download broke off (" + e.getMessage() + ")", e);
    }
  }

  /** Uploads bytes and sends them as an {@code m.file} message with mimetype and size. */
  public EventId sendFile(RoomId room, byte[] bytes, String filename, String mimetype) {
    Objects.requireNonNull(room, "room");
    Objects.requireNonNull(filename, "filename");
    MxcUri uri = upload(bytes, mimetype, filename);
    return client.sendEvent(room, "m.room.message", content("m.file", filename, uri, mimetype, bytes.length, null,
        null));
  }

  /** Uploads a file and sends it as an {@code m.file} message. */
  public EventId sendFile(RoomId room, Path file, String mimetype) {
    Objects.requireNonNull(room, "room");
    long size = size(file);
    MxcUri uri = upload(file, mimetype);
    return client.sendEvent(room, "m.room.message",
        content("m.file", file.getFileName().toString(), uri, mimetype, size, null, null));
  }

  /** Uploads bytes and sends them as an {@code m.image} message; width and height in pixels may be null. */
  public EventId sendImage(RoomId room, byte[] bytes, String filename, String mimetype, Integer width,
                           Integer height) {
    Objects.requireNonNull(room, "room");
    Objects.requireNonNull(filename, "filename");
    MxcUri uri = upload(bytes, mimetype, filename);
    return client.sendEvent(room, "m.room.message", content("m.image", filename, uri, mimetype, bytes.length, width,
        height));
  }

  /** The content of an {@code m.file} / {@code m.image} message pointing at already uploaded media. */
  public static ObjectNode content(String msgtype, String body, MxcUri uri, String mimetype, long size,
                                   Integer width, Integer height) {
    Objects.requireNonNull(msgtype, "msgtype");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(uri, "uri");
    ObjectNode c = Json.mapper().createObjectNode().put("msgtype", msgtype).put("body", body)
        .put("url", uri.value());
    if (msgtype.equals("m.file")) {
      c.put("filename", body);
    }
    ObjectNode info = c.putObject("info").put("size", size);
    info.put("mimetype", mimetype == null ? OCTET_STREAM : mimetype);
    if (width != null) {
      info.put("w", width);
    }
    if (height != null) {
      info.put("h", height);
    }
    return c;
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static MediaType mediaType(String contentType) {
    String t = contentType == null ? OCTET_STREAM : contentType;
    MediaType parsed = MediaType.parse(t);
    if (parsed == null) {
      throw new IllegalArgumentException("invalid content type '" + t + "'");
    }
    return parsed;
  }
}
