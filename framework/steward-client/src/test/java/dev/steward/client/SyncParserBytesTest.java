package dev.steward.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.client.internal.Json;
import dev.steward.client.internal.SyncParser;
import dev.steward.client.model.RoomEvent;
import dev.steward.client.model.SyncResponse;
import dev.steward.client.testing.ExpectedFailures;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The parser reading bytes, rooms cut apart and parsed on several threads, must read what the tree parser reads. */
@ExpectedFailures("malformed events and rooms: each skipped with a warning")
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
      // device lists, key counts and fallback key types, well and badly formed
      "{\"next_batch\":\"s1\",\"device_lists\":{\"changed\":[\"@a:x\",\"nope\",7],\"left\":[\"@b:x\"]},"
          + "\"device_one_time_keys_count\":{\"signed_curve25519\":49,\"x\":\"3\",\"y\":-1},"
          + "\"device_unused_fallback_key_types\":[\"signed_curve25519\",5]}",
      "{\"next_batch\":\"s1\",\"device_lists\":[],\"device_one_time_keys_count\":[],"
          + "\"device_unused_fallback_key_types\":[]}",
      "{\"next_batch\":\"s1\",\"device_unused_fallback_key_types\":{}}",
      // the same room twice: the last one wins, as in the tree
      "{\"next_batch\":\"s1\",\"rooms\":{\"join\":{\"!a:x\":{\"timeline\":{\"limited\":true}},\"!a:x\":{}}}}",
  })
  void readsEdgeCasesAsTheTreeParserDoes(String json) throws Exception {
    assertSame(fromBytes(json), fromTree(json));
  }

  /** A joined room {@code !a:x} whose {@code timeline} and {@code state} blocks are given. */
  private static String room(String timeline, String state) {
    return "{\"next_batch\":\"s1\",\"rooms\":{\"join\":{\"!a:x\":{\"timeline\":" + timeline + ",\"state\":" + state
        + ",\"ephemeral\":{\"events\":[{\"type\":\"m.typing\",\"content\":{\"user_ids\":[]}}]},"
        + "\"unread_notifications\":{\"highlight_count\":2,\"notification_count\":5},\"summary\":{\"m.heroes\":[]}}}}}";
  }

  private static final String GOOD = "{\"type\":\"m.room.message\",\"event_id\":\"$ok\",\"sender\":\"@u:x\","
      + "\"origin_server_ts\":5,\"content\":{\"msgtype\":\"m.text\",\"body\":\"hi\"}}";

  /** Events read from their tokens: every fault the tree parser skips is skipped with it, the rest read the same. */
  @ParameterizedTest
  @ValueSource(strings = {
      // wrong kinds of values in every field the parser reads, objects and arrays among them
      "{\"type\":{\"a\":[1]},\"event_id\":\"$1\",\"sender\":\"@u:x\",\"origin_server_ts\":1}",
      "{\"type\":\"t\",\"event_id\":[\"$1\"],\"sender\":\"@u:x\",\"origin_server_ts\":1}",
      "{\"type\":\"t\",\"event_id\":\"$1\",\"sender\":7,\"origin_server_ts\":1}",
      "{\"type\":\"t\",\"event_id\":\"$1\",\"sender\":\"not a user\",\"origin_server_ts\":1}",
      "{\"type\":\"t\",\"event_id\":\"no id\",\"sender\":\"@u:x\",\"origin_server_ts\":1}",
      "{\"type\":\"t\",\"event_id\":\"$1\",\"sender\":\"@u:x\",\"origin_server_ts\":\"1\"}",
      "{\"type\":\"t\",\"event_id\":\"$1\",\"sender\":\"@u:x\",\"origin_server_ts\":null}",
      "{\"type\":\"t\",\"event_id\":\"$1\",\"sender\":\"@u:x\"}",
      "{\"type\":\"t\",\"event_id\":\"$1\",\"sender\":\"@u:x\",\"origin_server_ts\":1,\"state_key\":5}",
      "{\"type\":\"t\",\"event_id\":\"$1\",\"sender\":\"@u:x\",\"origin_server_ts\":1,\"state_key\":{}}",
      "{\"type\":\"t\",\"event_id\":\"$1\",\"sender\":\"@u:x\",\"origin_server_ts\":1,\"content\":[]}",
      "{\"type\":\"t\",\"event_id\":\"$1\",\"sender\":\"@u:x\",\"origin_server_ts\":1,\"content\":\"c\"}",
      // accepted as the tree accepts them: odd numbers for the time, null or odd content, unsigned and state_key
      "{\"type\":\"t\",\"event_id\":\"$1\",\"sender\":\"@u:x\",\"origin_server_ts\":1.7e3,\"content\":null}",
      "{\"type\":\"t\",\"event_id\":\"$1\",\"sender\":\"@u:x\",\"origin_server_ts\":12345678901234567890}",
      "{\"type\":\"t\",\"event_id\":\"$1\",\"sender\":\"@u:x\",\"origin_server_ts\":9007199254740993}",
      "{\"type\":\"t\",\"event_id\":\"$1\",\"sender\":\"@u:x\",\"origin_server_ts\":-1,\"unsigned\":[1]}",
      "{\"type\":\"t\",\"event_id\":\"$1\",\"sender\":\"@u:x\",\"origin_server_ts\":1,\"state_key\":null}",
      "{\"type\":\"t\",\"event_id\":\"$1\",\"sender\":\"@u:x\",\"origin_server_ts\":1,\"state_key\":\"\"}",
      // the last of a repeated field wins, as in the tree
      "{\"type\":\"t\",\"type\":{},\"event_id\":\"$1\",\"sender\":\"@u:x\",\"origin_server_ts\":1}",
      "{\"type\":{},\"type\":\"t\",\"event_id\":\"$1\",\"sender\":\"@u:x\",\"origin_server_ts\":1}",
      "{\"type\":\"t\",\"event_id\":\"$1\",\"sender\":\"@u:x\",\"origin_server_ts\":1,\"state_key\":{},"
          + "\"state_key\":\"k\"}",
      // fields the parser does not read, nested: kept in raw, and skipped over whole
      "{\"type\":\"m.room.redaction\",\"redacts\":\"$0\",\"event_id\":\"$1\",\"x\":{\"type\":\"no\","
          + "\"a\":[{\"event_id\":\"$no\"}]},\"sender\":\"@u:x\",\"origin_server_ts\":1,"
          + "\"unsigned\":{\"age\":3,\"prev_content\":{\"membership\":\"join\"}},\"content\":{}}",
      // content and unsigned of every kind of value, each number in the node Jackson's tree gives it
      "{\"type\":\"t\",\"event_id\":\"$1\",\"sender\":\"@u:x\",\"origin_server_ts\":1,\"content\":{\"i\":-7,"
          + "\"l\":12345678901,\"b\":123456789012345678901234567890,\"d\":1.5,\"e\":-2E-3,\"z\":0.0,\"t\":true,"
          + "\"f\":false,\"n\":null,\"s\":\"\\u00e9\\n\",\"a\":[[],[{}],[1,\"x\",null]],\"o\":{\"o\":{\"o\":{}}},"
          + "\"i\":8},\"unsigned\":{\"age\":1.0E300,\"transaction_id\":\"m1\"}}",
      // not objects
      "1", "\"e\"", "null", "[]", "[{}]",
  })
  void readsEveryEventAsTheTreeParserDoes(String event) throws Exception {
    for (String json : new String[] {
        room("{\"events\":[" + GOOD + "," + event + "," + GOOD.replace("$ok", "$ok2") + "]}", "{\"events\":[]}"),
        room("{\"events\":[]}", "{\"events\":[" + event + "]}"),
    }) {
      SyncResponse bytes = fromBytes(json);
      assertSame(bytes, fromTree(json));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"[]", "1", "null", "\"t\"", "{}", "{\"events\":{}}", "{\"events\":null}",
      "{\"events\":[],\"limited\":\"true\",\"prev_batch\":5}", "{\"limited\":1,\"prev_batch\":\"p\",\"x\":[{}]}",
      "{\"events\":[" + GOOD + "],\"events\":[]}", "{\"events\":[],\"events\":[" + GOOD + "]}"})
  void readsOddBlocksAsTheTreeParserDoes(String block) throws Exception {
    for (String json : new String[] {room(block, "{}"), room("{}", block)}) {
      assertSame(fromBytes(json), fromTree(json));
    }
  }

  @Test
  void contentNestedDeeperThanJacksonAllowsCostsItsRoomAndNoStack() throws Exception {
    String deep = "[".repeat(5_000) + "]".repeat(5_000);
    String json = "{\"next_batch\":\"s1\",\"rooms\":{\"join\":{\"!a:x\":{\"timeline\":{\"events\":[{\"type\":\"t\","
        + "\"event_id\":\"$1\",\"sender\":\"@u:x\",\"origin_server_ts\":1,\"content\":{\"d\":" + deep + "}}]}},"
        + "\"!b:x\":{}}}}";

    SyncResponse batch = fromBytes(json);

    assertThat(batch.joined()).containsOnlyKeys(RoomId.of("!b:x"));
    assertThat(batch.skippedEvents()).isEqualTo(1);
  }

  @Test
  void anEventsRawJsonIsWhatWasSentAndBuiltOnce() throws Exception {
    String sent = "{\"type\":\"m.room.redaction\",\"redacts\":\"$0\",\"event_id\":\"$1\",\"sender\":\"@u:x\","
        + "\"origin_server_ts\":1,\"content\":{\"reason\":\"spam \\\" }\"},\"unsigned\":{\"age\":3}}";

    RoomEvent event = fromBytes(room("{\"events\":[" + GOOD + "," + sent + "]}", "{}")).joined()
        .get(RoomId.of("!a:x")).timeline().events().get(1);

    assertThat(event.raw()).isEqualTo(Json.mapper().readTree(sent));
    assertThat(event.raw()).isSameAs(event.raw());
    assertThat(event.raw().path("redacts").asText()).isEqualTo("$0");
    assertThat(event.contentText("reason")).isEqualTo("spam \" }");
  }

  @Test
  void anEventIsWrittenAsTheJsonItWasReadFrom() throws Exception {
    String sent = "{\"type\":\"m.room.redaction\",\"redacts\":\"$0\",\"event_id\":\"$1\",\"sender\":\"@u:x\","
        + "\"origin_server_ts\":1,\"content\":{},\"x-extra\":[1,{\"a\":null}]}";
    RoomEvent fromBytes = fromBytes(room("{\"events\":[" + sent + "]}", "{}")).joined().get(RoomId.of("!a:x"))
        .timeline().events().get(0);
    RoomEvent fromTree = SyncParser.roomEvent(Json.mapper().readTree(sent), true);

    JsonNode expected = Json.mapper().readTree(sent);
    assertThat(Json.mapper().readTree(Json.mapper().writeValueAsString(fromBytes))).isEqualTo(expected);
    assertThat((JsonNode) Json.mapper().valueToTree(fromTree)).isEqualTo(expected);
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
