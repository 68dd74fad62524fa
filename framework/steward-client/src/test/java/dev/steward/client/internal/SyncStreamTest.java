package dev.steward.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.client.RoomId;
import dev.steward.client.model.BasicEvent;
import dev.steward.client.model.JoinedRoom;
import dev.steward.client.model.RoomEvent;
import dev.steward.client.model.SyncResponse;
import dev.steward.client.testing.ExpectedFailures;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A large body read as a stream gives the batch {@link SyncParser#parse(byte[])} gives for its bytes: the joined
 * rooms in groups, in the body's order, each once, and the rest in the batch returned, wherever the window's edges
 * fall.
 */
@ExpectedFailures("a malformed event and a malformed room in the bodies: a WARN for each, every time one is read")
class SyncStreamTest {
  /**
   * A body shaped as Synapse writes one (next_batch last), with {@code rooms} joined rooms of random sizes, a
   * malformed event and a malformed room among them, invites, left rooms, account data, to-device messages and
   * members Steward does not read (numbers and literals that may end where a window does).
   */
  private static byte[] body(int rooms, long seed, boolean pretty) {
    Random random = new Random(seed);
    String sp = pretty ? "\n  " : "";
    StringBuilder json = new StringBuilder("{" + sp + "\"account_data\":{\"events\":[{\"type\":\"m.direct\","
        + "\"content\":{}}]}," + sp + "\"to_device\":{\"events\":[{\"type\":\"m.dummy\",\"sender\":\"@a:x\","
        + "\"content\":{}}]}," + sp + "\"device_one_time_keys_count\":{\"signed_curve25519\":50}," + sp
        + "\"a_number\":1234567890123," + sp + "\"rooms\":" + sp + "{\"invite\":{\"!i:x\":{\"invite_state\":{\"events\":"
        + "[{\"type\":\"m.room.member\",\"state_key\":\"@bot:x\",\"sender\":\"@a:x\",\"content\":{\"membership\":"
        + "\"invite\"}}]}}}," + sp + "\"join\":" + sp + "{");
    for (int r = 0; r < rooms; r++) {
      json.append(r == 0 ? "" : ",").append(sp).append("\"!r").append(r).append(":x\"").append(pretty ? " : " : ":");
      if (r == rooms / 2) {
        json.append("[\"not a room\"]");
        continue;
      }
      json.append("{\"state\":{\"events\":[{\"type\":\"m.room.name\",\"state_key\":\"\",\"event_id\":\"$s").append(r)
          .append("\",\"sender\":\"@a:x\",\"origin_server_ts\":1,\"content\":{\"name\":\"room ").append(r)
          .append("\"}}]},\"timeline\":{\"limited\":false,\"events\":[");
      int events = 1 + random.nextInt(random.nextInt(10) == 0 ? 60 : 8);
      for (int e = 0; e < events; e++) {
        json.append(e == 0 ? "" : ",");
        if (r == rooms / 3 && e == 0) {
          json.append("{\"type\":\"m.room.message\",\"event_id\":\"$bad\"}"); // no sender, no ts: skipped
          continue;
        }
        json.append("{\"type\":\"m.room.message\",\"event_id\":\"$e").append(r).append('_').append(e)
            .append("\",\"sender\":\"@u").append(random.nextInt(5)).append(":x\",\"origin_server_ts\":")
            .append(1000 + e).append(",\"content\":{\"body\":\"").append("x\\\"y".repeat(random.nextInt(60)))
            .append("\",\"n\":").append(random.nextInt()).append(",\"t\":true}}");
      }
      json.append("]},\"unread_notifications\":{\"highlight_count\":").append(r % 3).append("}}");
    }
    json.append(sp).append("}," + sp + "\"leave\":{\"!gone:x\":{\"timeline\":{\"events\":[{\"type\":\"m.room.member\","
        + "\"state_key\":\"@bot:x\",\"event_id\":\"$left\",\"sender\":\"@a:x\",\"origin_server_ts\":9,\"content\":"
        + "{\"membership\":\"leave\"}}]}}}}," + sp + "\"a_literal\":null," + sp + "\"next_batch\":\"s42\"" + sp + "}");
    return json.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** What a batch says, in comparable form (events keep their bytes, which records compare by identity). */
  private static String describe(Map<RoomId, JoinedRoom> joined) {
    return joined.entrySet().stream().map(e -> e.getKey() + "=" + events(e.getValue().state()) + "/"
        + events(e.getValue().timeline().events()) + "/" + e.getValue().highlightCount()).collect(Collectors.joining("\n"));
  }

  private static String events(List<RoomEvent> events) {
    return events.stream().map(e -> e.eventId().value() + ":" + e.sender() + ":" + e.originServerTs() + ":"
        + e.content() + ":" + new String(rawBytes(e), StandardCharsets.UTF_8)).collect(Collectors.joining(","));
  }

  private static byte[] rawBytes(RoomEvent e) {
    return e.raw().toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String rest(SyncResponse batch) {
    return batch.nextBatch() + "|" + batch.invited().keySet() + "|" + batch.left().keySet() + "|"
        + batch.left().values().stream().map(l -> events(l.timeline().events())).toList() + "|"
        + batch.accountData().stream().map(BasicEvent::type).toList() + "|"
        + batch.toDevice().stream().map(BasicEvent::type).toList() + "|" + batch.skippedEvents();
  }

  @Test
  void aLargeBodyComesInGroupsThatMakeTheBatchParsedWhole() throws Exception {
    for (long seed = 1; seed <= 3; seed++) {
      byte[] body = body(1_500, seed, seed % 2 == 0);
      SyncResponse whole = SyncParser.parse(body);
      assertThat(whole.joined()).hasSize(1_499);
      assertThat(whole.skippedEvents()).isEqualTo(2);
      String expectedRooms = describe(whole.joined());
      // Window sizes that put the window's edges at other places in the body each time; groups of a few rooms.
      for (int wholeBytes = 300 + (int) seed * 7; wholeBytes < 1_200; wholeBytes += 211) {
        List<Map<RoomId, JoinedRoom>> groups = new ArrayList<>();
        SyncResponse rest = SyncStream.read(new ByteArrayInputStream(body), groups::add, wholeBytes, 8 * 1024);
        Map<RoomId, JoinedRoom> joined = new LinkedHashMap<>();
        for (Map<RoomId, JoinedRoom> g : groups) {
          g.keySet().forEach(id -> assertThat(joined).doesNotContainKey(id));
          joined.putAll(g);
        }
        assertThat(groups).hasSizeGreaterThan(10);
        assertThat(rest.joined()).isEmpty();
        assertThat(describe(joined)).isEqualTo(expectedRooms);
        assertThat(rest(rest)).isEqualTo(rest(whole));
      }
    }
  }

  @Test
  void aBodyUpToTheLimitIsParsedWholeAndNoGroupIsHandedOn() throws Exception {
    byte[] body = body(20, 3, false);
    List<Map<RoomId, JoinedRoom>> groups = new ArrayList<>();
    SyncResponse batch = SyncStream.read(new ByteArrayInputStream(body), groups::add, body.length, 1024);
    assertThat(groups).isEmpty();
    assertThat(describe(batch.joined())).isEqualTo(describe(SyncParser.parse(body).joined()));
    assertThat(rest(batch)).isEqualTo(rest(SyncParser.parse(body)));
  }

  @Test
  void aNumberCutByTheWindowsEdgeIsReadWhole() throws Exception {
    String json = "{\"a_number\":1234567890123,\"rooms\":{\"join\":{\"!r:x\":{}}},\"next_batch\":\"s3\"}";
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    int middle = json.indexOf("1234567") + 5;
    for (int edge = middle - 3; edge <= middle + 3; edge++) {
      List<Map<RoomId, JoinedRoom>> groups = new ArrayList<>();
      // The first window holds wholeBytes + 1 bytes: it ends inside the number.
      SyncResponse rest = SyncStream.read(new ByteArrayInputStream(body), groups::add, edge - 1, 1024);
      assertThat(rest.nextBatch()).isEqualTo("s3");
      assertThat(groups).singleElement().satisfies(g -> assertThat(g).containsOnlyKeys(RoomId.of("!r:x")));
    }
  }

  @Test
  void aRoomLargerThanTheWindowIsReadWhole() throws Exception {
    String big = "b".repeat(700_000);
    byte[] body = ("{\"rooms\":{\"join\":{\"!big:x\":{\"timeline\":{\"events\":[{\"type\":\"m.room.message\","
        + "\"event_id\":\"$1\",\"sender\":\"@a:x\",\"origin_server_ts\":1,\"content\":{\"body\":\"" + big
        + "\"}}]}}}},\"next_batch\":\"s2\"}").getBytes(StandardCharsets.UTF_8);
    List<Map<RoomId, JoinedRoom>> groups = new ArrayList<>();
    SyncResponse rest = SyncStream.read(new ByteArrayInputStream(body), groups::add, 1024, 1024);
    assertThat(rest.nextBatch()).isEqualTo("s2");
    assertThat(groups).hasSize(1);
    RoomEvent e = groups.get(0).get(RoomId.of("!big:x")).timeline().events().get(0);
    assertThat(e.contentText("body")).isEqualTo(big);
  }

  @Test
  void aBodyThatBreaksOffOrGoesWrongFailsTheRead() {
    byte[] body = body(400, 5, false);
    byte[] cut = Arrays.copyOf(body, body.length * 2 / 3);
    assertThatThrownBy(() -> SyncStream.read(new ByteArrayInputStream(cut), g -> {}, 1024, 8 * 1024))
        .isInstanceOf(IOException.class).hasMessageContaining("malformed sync body");
    String broken = new String(body, StandardCharsets.UTF_8).replace("},\"!r300:x\"", "} \"!r300:x\"");
    assertThatThrownBy(() -> SyncStream.read(new ByteArrayInputStream(broken.getBytes(StandardCharsets.UTF_8)),
        g -> {}, 1024, 8 * 1024)).isInstanceOf(IOException.class).hasMessageContaining("expected ',' or '}'");
    byte[] array = "[1,2,3]".repeat(1000).getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> SyncStream.read(new ByteArrayInputStream(array), g -> {}, 1024, 8 * 1024))
        .isInstanceOf(IOException.class).hasMessageContaining("expected an object");
  }

  @Test
  void whatTheReceiverThrowsEndsTheRead() {
    byte[] body = body(400, 7, false);
    List<Map<RoomId, JoinedRoom>> groups = new ArrayList<>();
    IllegalStateException refused = new IllegalStateException("refused");
    assertThatThrownBy(() -> SyncStream.read(new ByteArrayInputStream(body), g -> {
      groups.add(g);
      if (groups.size() == 2) {
        throw refused;
      }
    }, 1024, 8 * 1024)).isSameAs(refused);
    assertThat(groups).hasSize(2);
  }
}
