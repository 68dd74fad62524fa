package dev.steward.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.steward.client.model.CreateRoomRequest.Visibility;
import dev.steward.client.model.Profile;
import dev.steward.client.model.PublicRoomsPage;
import dev.steward.client.model.UserSearchResult;
import dev.steward.client.testing.ExpectedFailures;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;

class DirectoryAndProfilesTest extends MockHomeserver {
  private final Directory directory = client.directory();
  private final Profiles profiles = client.profiles();

  @Test
  void publicRoomsPagesWithLimitAndSince() {
    answer("{\"chunk\":[{\"room_id\":\"!a:localhost\",\"name\":\"A\",\"num_joined_members\":3,"
        + "\"world_readable\":true,\"guest_can_join\":false,\"join_rule\":\"public\"}],"
        + "\"next_batch\":\"n2\",\"total_room_count_estimate\":7}");

    PublicRoomsPage page = directory.publicRooms(10, "n1");

    take("GET", "/_matrix/client/v3/publicRooms?limit=10&since=n1");
    assertThat(page.nextBatch()).isEqualTo("n2");
    assertThat(page.prevBatch()).isNull();
    assertThat(page.totalRoomCountEstimate()).isEqualTo(7);
    assertThat(page.rooms()).singleElement().satisfies(r -> {
      assertThat(r.roomId()).isEqualTo(RoomId.of("!a:localhost"));
      assertThat(r.name()).isEqualTo("A");
      assertThat(r.numJoinedMembers()).isEqualTo(3);
      assertThat(r.worldReadable()).isTrue();
      assertThat(r.joinRule()).isEqualTo("public");
    });
  }

  @Test
  @ExpectedFailures("a room entry without an id: skipped with a warning")
  void malformedDirectoryEntryIsSkipped() {
    answer("{\"chunk\":[{\"name\":\"no id\"},{\"room_id\":\"!ok:localhost\"}]}");

    PublicRoomsPage page = directory.publicRooms(5, null);

    assertThat(page.rooms()).extracting(r -> r.roomId().value()).containsExactly("!ok:localhost");
  }

  @Test
  void searchPostsGenericSearchTerm() {
    answer("{\"chunk\":[]}");

    PublicRoomsPage page = directory.searchPublicRooms("ops", 5, null);

    RecordedRequest r = take("POST", "/_matrix/client/v3/publicRooms");
    assertThat(body(r)).isEqualTo(json("{\"limit\":5,\"filter\":{\"generic_search_term\":\"ops\"}}"));
    assertThat(page.rooms()).isEmpty();
    assertThat(page.nextBatch()).isNull();
    assertThat(page.totalRoomCountEstimate()).isEqualTo(-1);
  }

  @Test
  void publishUnpublishAndVisibility() {
    answer("{}");
    answer("{}");
    answer("{\"visibility\":\"public\"}");

    directory.publish(ROOM);
    directory.unpublish(ROOM);
    Visibility v = directory.visibility(ROOM);

    String path = "/_matrix/client/v3/directory/list/room/!room:localhost";
    assertThat(body(take("PUT", path))).isEqualTo(json("{\"visibility\":\"public\"}"));
    assertThat(body(take("PUT", path))).isEqualTo(json("{\"visibility\":\"private\"}"));
    take("GET", path);
    assertThat(v).isEqualTo(Visibility.PUBLIC);
  }

  @Test
  void publishingWithoutPowerIsForbidden() {
    answerError(403, "M_FORBIDDEN");

    MatrixException e = catchThrowableOfType(MatrixException.class, () -> directory.publish(ROOM));

    assertThat(e.code()).isEqualTo(ErrorCode.M_FORBIDDEN);
  }

  @Test
  void userSearchReadsProfilesAndLimited() {
    answer("{\"limited\":true,\"results\":[{\"user_id\":\"@alice:localhost\",\"display_name\":\"Alice\","
        + "\"avatar_url\":\"mxc://localhost/a\"}]}");

    UserSearchResult found = directory.searchUsers("ali", 3);

    assertThat(body(take("POST", "/_matrix/client/v3/user_directory/search")))
        .isEqualTo(json("{\"search_term\":\"ali\",\"limit\":3}"));
    assertThat(found.limited()).isTrue();
    assertThat(found.results()).containsExactly(
        new Profile(UserId.of("@alice:localhost"), "Alice", "mxc://localhost/a"));
  }

  @Test
  void getsAnotherUsersProfile() {
    answer("{\"displayname\":\"Alice\"}");

    Profile p = profiles.get(UserId.of("@alice:localhost"));

    take("GET", "/_matrix/client/v3/profile/@alice:localhost");
    assertThat(p).isEqualTo(new Profile(UserId.of("@alice:localhost"), "Alice", null));
  }

  @Test
  void unknownProfileIsNotFound() {
    answerError(404, "M_NOT_FOUND");

    MatrixException e = catchThrowableOfType(MatrixException.class,
        () -> profiles.get(UserId.of("@ghost:localhost")));

    assertThat(e.code()).isEqualTo(ErrorCode.M_NOT_FOUND);
  }

  @Test
  void findIsEmptyForAnyNotFoundErrcodeAndThrowsOtherFailures() {
    answer(404, "{\"errcode\":\"M_UNKNOWN\",\"error\":\"No row found (profiles)\"}");
    answer(403, "{\"errcode\":\"M_FORBIDDEN\",\"error\":\"You do not share a room with this user\"}");

    assertThat(profiles.find(UserId.of("@ghost:localhost"))).isEmpty();
    MatrixException hidden = catchThrowableOfType(MatrixException.class,
        () -> profiles.find(UserId.of("@stranger:localhost")));

    take("GET", "/_matrix/client/v3/profile/@ghost:localhost");
    assertThat(hidden.code()).isEqualTo(ErrorCode.M_FORBIDDEN);
  }

  @Test
  void setsOwnDisplayNameAndAvatar() {
    answer("{}");
    answer("{}");

    profiles.setDisplayName("Bot");
    profiles.setAvatarUrl("mxc://localhost/av");

    assertThat(body(take("PUT", "/_matrix/client/v3/profile/@bot:localhost/displayname")))
        .isEqualTo(json("{\"displayname\":\"Bot\"}"));
    assertThat(body(take("PUT", "/_matrix/client/v3/profile/@bot:localhost/avatar_url")))
        .isEqualTo(json("{\"avatar_url\":\"mxc://localhost/av\"}"));
  }
}
