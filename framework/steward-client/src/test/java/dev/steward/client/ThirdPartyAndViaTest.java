package dev.steward.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.client.model.CreateRoomRequest;
import dev.steward.client.model.CreateRoomRequest.ThirdPartyInvite;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;

/** createRoom's invite_3pid, and joining by room id with via servers or a third-party invite's signed object. */
class ThirdPartyAndViaTest extends MockHomeserver {
  @Test
  void createRoomSendsThirdPartyInvitesOnlyWhenThereAreSome() {
    answer("{\"room_id\":\"!new:localhost\"}");
    answer("{\"room_id\":\"!plain:localhost\"}");

    client.rooms().create(CreateRoomRequest.builder().name("Ops")
        .invite3pid(new ThirdPartyInvite("id.example.org", "id-token", "email", "carol@example.org")).build());
    client.rooms().create(CreateRoomRequest.builder().name("Plain").build());

    JsonNode withInvite = body(take("POST", "/_matrix/client/v3/createRoom"));
    assertThat(withInvite.path("invite_3pid")).isEqualTo(json("[{\"id_server\":\"id.example.org\","
        + "\"id_access_token\":\"id-token\",\"medium\":\"email\",\"address\":\"carol@example.org\"}]"));
    assertThat(body(take("POST", "/_matrix/client/v3/createRoom")).has("invite_3pid")).isFalse();
  }

  @Test
  void joinsByIdThroughViaServers() {
    answer("{\"room_id\":\"!room:localhost\"}");

    RoomId joined = client.rooms().join(ROOM, ServerName.of("a.example"), ServerName.of("b.example"));

    RecordedRequest r = take("POST", "/_matrix/client/v3/join/!room:localhost?server_name=a.example&via=a.example"
        + "&server_name=b.example&via=b.example");
    assertThat(body(r)).isEqualTo(json("{}"));
    assertThat(joined).isEqualTo(ROOM);
  }

  @Test
  void joinsOnAThirdPartyInviteWithTheSignedObject() {
    answer("{\"room_id\":\"!room:localhost\"}");
    JsonNode signed = json("{\"sender\":\"@alice:localhost\",\"mxid\":\"@bot:localhost\",\"token\":\"tok\","
        + "\"signatures\":{\"id.example.org\":{\"ed25519:0\":\"sig\"}}}");

    client.rooms().joinWithThirdPartyInvite(ROOM, signed, ServerName.of("localhost"));

    RecordedRequest r = take("POST", "/_matrix/client/v3/join/!room:localhost?server_name=localhost&via=localhost");
    assertThat(body(r)).isEqualTo(json("{\"third_party_signed\":" + signed + "}"));
  }
}
