package dev.steward.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.client.internal.Json;
import java.io.IOException;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Finds a homeserver's client API base URL from a server name, as the spec's server discovery describes: read
 * {@code /.well-known/matrix/client}, then check that the base URL answers {@code /_matrix/client/versions}.
 */
public final class WellKnown {
  private WellKnown() {}

  /** Discovers the base URL for {@code @user:server} or {@code server} (looked up over https). */
  public static HttpUrl discover(ServerName server, OkHttpClient http) {
    Objects.requireNonNull(server, "server");
    return discover(HttpUrl.get("https://" + server.value()), http);
  }

  /**
   * Discovers the base URL from the well-known document served at {@code serverUrl} (a 404 means the server URL is
   * itself the homeserver). Throws {@link MatrixException} when the document is invalid (the spec's FAIL_ERROR) or
   * the homeserver does not answer (FAIL_PROMPT).
   */
  public static HttpUrl discover(HttpUrl serverUrl, OkHttpClient http) {
    Objects.requireNonNull(serverUrl, "serverUrl");
    Objects.requireNonNull(http, "http");
    HttpUrl wellKnown = serverUrl.newBuilder().encodedPath("/.well-known/matrix/client").build();
    HttpUrl base;
    try (Response r = http.newCall(new Request.Builder().url(wellKnown).build()).execute()) {
      if (r.code() == 404) {
        base = serverUrl.newBuilder().encodedPath("/").build();
      } else if (!r.isSuccessful()) {
        throw new MatrixException("GET /.well-known/matrix/client", "HTTP " + r.code(), null);
      } else {
        base = baseUrlFrom(Json.mapper().readTree(r.body().byteStream()));
      }
    } catch (IOException e) {
      throw new MatrixException("GET /.well-known/matrix/client", "invalid or unreachable (" + e.getMessage() + ")", e);
    }
    HttpUrl versions = base.newBuilder().addPathSegments("_matrix/client/versions").build();
    try (Response r = http.newCall(new Request.Builder().url(versions).build()).execute()) {
      JsonNode body = r.isSuccessful() ? readOrNull(r) : null;
      if (body == null || !body.path("versions").isArray()) {
        throw new MatrixException("GET " + versions.encodedPath(),
            base + " is not a Matrix homeserver (HTTP " + r.code() + ")", null);
      }
    } catch (IOException e) {
      throw new MatrixException("GET " + versions.encodedPath(), base + " does not answer (" + e.getMessage() + ")", e);
    }
    return base;
  }

  private static JsonNode readOrNull(Response r) {
    try {
      return Json.mapper().readTree(r.body().byteStream());
    } catch (IOException e) {
      return null; // not JSON: reported by the caller as "not a Matrix homeserver"
    }
  }

  private static HttpUrl baseUrlFrom(JsonNode doc) {
    String url = doc == null ? null : doc.path("m.homeserver").path("base_url").asText(null);
    if (url == null) {
      throw new MatrixException("GET /.well-known/matrix/client", "m.homeserver.base_url is missing", null);
    }
    HttpUrl parsed = HttpUrl.parse(url.endsWith("/") ? url : url + "/");
    if (parsed == null) {
      throw new MatrixException("GET /.well-known/matrix/client", "base_url '" + url + "' is not a URL", null);
    }
    return parsed;
  }
}
