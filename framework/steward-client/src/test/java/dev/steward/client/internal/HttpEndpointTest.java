package dev.steward.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import okhttp3.HttpUrl;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Endpoints for metrics: ids and free values never become part of one, so their number stays bounded. */
class HttpEndpointTest {
  @ParameterizedTest
  @CsvSource({
      "/_matrix/client/v3/sync, /client/sync",
      "/_matrix/client/v3/rooms/!abc:example.org/send/m.room.message/steward-1, /client/rooms/{id}/send",
      "/_matrix/client/v3/rooms/%21abc%3Aexample.org/state/m.room.power_levels/, /client/rooms/{id}/state",
      "/_matrix/client/v3/user/@bot:example.org/filter/7, /client/user/{id}/filter",
      "/_matrix/client/v3/profile/@alice:example.org/displayname, /client/profile/{id}/displayname",
      "/_matrix/client/v3/directory/room/%23room:example.org, /client/directory/room/{id}",
      "/_matrix/client/r0/login, /client/login",
      "/_matrix/client/unstable/org.matrix.msc3575/sync, /client/org.matrix.msc3575/sync",
      "/_matrix/media/v3/download/example.org/AbCdEf, /media/download",
      "/_matrix/media/v3/upload, /media/upload",
      "/_matrix/client/v1/media/thumbnail/example.org/AbCdEf, /client/media/thumbnail",
      "/_matrix/client/v3/sendToDevice/m.room.encrypted/txn42, /client/sendToDevice/m.room.encrypted",
      "/_synapse/admin/v1/rooms/!abc:example.org, /_synapse/admin/v1/rooms/{id}",
      "/_matrix/client/versions, /client/versions",
      "/, /"
  })
  void replacesIdsAndCutsFreeValues(String path, String endpoint) {
    assertThat(Http.endpoint(HttpUrl.get("http://hs.test" + path))).isEqualTo(endpoint);
  }
}
