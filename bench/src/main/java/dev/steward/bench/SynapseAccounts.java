package dev.steward.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.client.MatrixClient;
import dev.steward.client.UserId;
import dev.steward.client.internal.Json;
import java.io.IOException;
import java.util.Objects;
import java.util.UUID;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Fresh accounts on the dev homeserver, through its open registration ({@code m.login.dummy}, as
 * {@code scripts/dev-homeserver.sh} configures it), so a benchmark never reuses another run's rooms or tokens.
 */
final class SynapseAccounts {
  /**
   * A registered account.
   *
   * @param userId its id
   * @param accessToken its token
   * @param deviceId the device the registration created
   * @param homeserver the client API base URL
   */
  record Account(UserId userId, String accessToken, String deviceId, String homeserver) {
    /** A client acting as this account. */
    MatrixClient client() {
      return MatrixClient.builder().homeserver(homeserver).accessToken(accessToken).userId(userId)
          .deviceId(deviceId).build();
    }
  }

  private final String url;
  private final OkHttpClient http = new OkHttpClient();

  SynapseAccounts(String url) {
    this.url = Objects.requireNonNull(url, "url").replaceAll("/+$", "");
  }

  /** Registers {@code prefix-<random>}; fails with the homeserver's answer if registration is closed. */
  Account register(String prefix) throws IOException {
    String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    ObjectNode body = Json.mapper().createObjectNode().put("username", name)
        .put("password", "pw-" + UUID.randomUUID()).put("initial_device_display_name", "steward-bench");
    body.putObject("auth").put("type", "m.login.dummy");
    Request req = new Request.Builder().url(url + "/_matrix/client/v3/register")
        .post(RequestBody.create(body.toString(), MediaType.get("application/json"))).build();
    try (Response r = http.newCall(req).execute()) {
      JsonNode answer = Json.mapper().readTree(r.body().byteStream());
      if (!r.isSuccessful()) {
        throw new IllegalStateException("registering " + name + " at " + url + " failed: HTTP " + r.code() + " "
            + answer + " (is scripts/dev-homeserver.sh running?)");
      }
      return new Account(UserId.of(answer.path("user_id").asText()), answer.path("access_token").asText(),
          answer.path("device_id").asText(), url);
    }
  }
}
