package dev.steward.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.client.internal.Json;
import dev.steward.client.internal.SyncParser;
import dev.steward.client.model.SyncResponse;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The parser reading bytes, rooms cut apart and parsed on several threads, must read what the tree parser reads. */
class SyncParserBytesTest {

  private static SyncResponse fromBytes(String json) throws Exception {
    return SyncParser.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  private static SyncResponse fromTree(String json) throws Exception {
    return SyncParser.parse(Json.mapper().readTree(json));
  }

  private static void assertSame(SyncResponse bytes, SyncResponse tree) {
    assertThat(bytes).isEqualTo(tree);
    // Record equality of maps ignores order; rooms must also keep the order of the body.
    assertThat(new ArrayList<>(bytes.joined().keySet())).isEqualTo(new ArrayList<>(tree.joined().keySet()));
  }

  @Test
  void readsTheMixedFixtureAsTheTreeParserDoes() throws Exception {
    String json;
    try (InputStream in = SyncParserTest.class.getResourceAsStream("SyncParserTest/mixed-batch.json")) {
      json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    SyncResponse bytes = fromBytes(json);

    assertSame(bytes, fromTree(json));
    assertThat(bytes.skippedEvents()).isEqualTo(11);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"next_batch\":\"s1\"}",
      " \n{ \"next_batch\" : \"s1\" , \"rooms\" : { } }\n ",
      "{\"next_batch\":\"s1\",\"rooms\":{\"join\":{}}}",
      "{\"next_batch\":\"s1\",\"rooms\":{\"join\":[]}}",
      "{\"next_batch\":\"s1\",\"rooms\":[],\"device_lists\":{\"changed\":[\"@a:x\"]},\"n\":-1.5e3,\"t\":true}",
      // braces, brackets and quotes inside strings; an escaped quote; a room id spelled with an escape
      "{\"rooms\":{\"join\":{\"!a\\u003ax\":{\"timeline\":{\"events\":[{\"type\":\"m.room.message\","
          + "\"event_id\":\"$1\",\"sender\":\"@u:x\",\"origin_server_ts\":1,"
          + "\"content\":{\"body\":\"}{][ \\\" \\\\ ü 😀\"}}]}}}},\"next_batch\":\"s2\"}",
      // a room that is not an object, and a room id that is no room id: both skipped, the others kept
      "{\"next_batch\":\"s1\",\"rooms\":{\"join\":{\"!a:x\":[],\"nope\":{},\"!b:x\":{}}}}",
      // the same room twice: the last one wins, as in the tree
      "{\"next_batch\":\"s1\",\"rooms\":{\"join\":{\"!a:x\":{\"timeline\":{\"limited\":true}},\"!a:x\":{}}}}",
  })
  void readsEdgeCasesAsTheTreeParserDoes(String json) throws Exception {
    assertSame(fromBytes(json), fromTree(json));
  }

  @Test
  void aRoomWithBrokenJsonInsideIsSkippedAndTheOthersKept() throws Exception {
    String json = "{\"next_batch\":\"s1\",\"rooms\":{\"join\":{\"!a:x\":{\"timeline\":{\"events\":[1,}}},"
        + "\"!b:x\":{}}}}";

    SyncResponse batch = fromBytes(json);

    assertThat(batch.joined()).containsOnlyKeys(RoomId.of("!b:x"));
    assertThat(batch.skippedEvents()).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "[]", "{\"next_batch\":\"s1\"", "{\"next_batch\" \"s1\"}",
      "{\"next_batch\":\"s1\",\"rooms\":", "{\"next_batch\":\"s1\",\"rooms\":{\"join\":"})
  void aBodyThatIsNoObjectFailsWithJacksonsError(String json) {
    assertThatThrownBy(() -> fromBytes(json))
        .isInstanceOfAny(JsonProcessingException.class, IllegalArgumentException.class);
  }

  @Test
  void aBatchWithoutNextBatchFails() {
    assertThatThrownBy(() -> fromBytes("{\"rooms\":{\"join\":{\"!a:x\":{}}}}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("next_batch");
  }

  @Test
  void aLargeBatchParsedOnSeveralThreadsKeepsEveryRoomInOrder() throws Exception {
    ObjectNode root = Json.mapper().createObjectNode().put("next_batch", "s9");
    ObjectNode join = root.putObject("rooms").putObject("join");
    for (int r = 0; r < 300; r++) {
      ArrayNode events = join.putObject("!room" + (299 - r) + ":x").putObject("timeline").putArray("events");
      for (int e = 0; e < 5; e++) {
        ObjectNode ev = events.addObject().put("type", "m.room.message").put("event_id", "$" + r + "-" + e)
            .put("sender", "@user" + e + ":x").put("origin_server_ts", 1_000L + e);
        ev.putObject("content").put("msgtype", "m.text").put("body", "message " + e + " in room " + r);
      }
    }
    String json = root.toString();
    assertThat(json.length()).isGreaterThan(2 * 64 * 1024); // large enough to be cut into chunks

    SyncResponse bytes = fromBytes(json);

    assertSame(bytes, fromTree(json));
    assertThat(bytes.joined()).hasSize(300);
    assertThat(bytes.joined().keySet().iterator().next()).isEqualTo(RoomId.of("!room299:x"));
  }
}
