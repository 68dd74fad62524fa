package dev.steward.test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.client.UserId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fake homeserver's end-to-end encryption endpoints, for the bot's device and the test's
 * {@link EncryptedUser}s: device and one-time keys uploaded, queried and claimed as a homeserver keeps them, and
 * to-device messages kept in each device's inbox until its {@code /sync} takes them. Guarded by the
 * {@link FakeHomeserver}'s lock.
 */
final class FakeKeys {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /** One device that holds an access token. */
  record Device(UserId user, String deviceId) {
    String id() {
      return user.value() + "|" + deviceId;
    }
  }

  private final Map<String, ObjectNode> deviceKeys = new LinkedHashMap<>();
  private final Map<String, ObjectNode> oneTimeKeys = new LinkedHashMap<>();
  private final Map<String, ObjectNode> fallbackKeys = new LinkedHashMap<>();
  private final Map<String, List<ObjectNode>> inboxes = new LinkedHashMap<>();

  ObjectNode upload(Device me, JsonNode body) {
    if (body.has("device_keys")) {
      deviceKeys.put(me.id(), (ObjectNode) body.get("device_keys").deepCopy());
    }
    ObjectNode otks = oneTimeKeys.computeIfAbsent(me.id(), k -> JSON.objectNode());
    body.path("one_time_keys").fields().forEachRemaining(e -> otks.set(e.getKey(), e.getValue()));
    if (body.has("fallback_keys")) {
      fallbackKeys.put(me.id(), (ObjectNode) body.get("fallback_keys").deepCopy());
    }
    ObjectNode answer = JSON.objectNode();
    answer.putObject("one_time_key_counts").put("signed_curve25519", otks.size());
    return answer;
  }

  /** How many one-time keys {@code me} has on the server (for the sync's {@code device_one_time_keys_count}). */
  int oneTimeKeyCount(Device me) {
    ObjectNode otks = oneTimeKeys.get(me.id());
    return otks == null ? 0 : otks.size();
  }

  ObjectNode query(JsonNode body) {
    ObjectNode answer = JSON.objectNode();
    ObjectNode found = answer.putObject("device_keys");
    body.path("device_keys").fieldNames().forEachRemaining(user -> {
      ObjectNode devices = found.putObject(user);
      deviceKeys.forEach((id, keys) -> {
        if (id.startsWith(user + "|")) {
          devices.set(id.substring(user.length() + 1), keys);
        }
      });
    });
    answer.putObject("failures");
    return answer;
  }

  /** One one-time key per device asked for (spent), else its fallback key (kept), as a homeserver hands them out. */
  ObjectNode claim(JsonNode body) {
    ObjectNode answer = JSON.objectNode();
    ObjectNode found = answer.putObject("one_time_keys");
    body.path("one_time_keys").fields().forEachRemaining(user -> user.getValue().fieldNames().forEachRemaining(d -> {
      String id = user.getKey() + "|" + d;
      ObjectNode otks = oneTimeKeys.get(id);
      ObjectNode fallback = fallbackKeys.get(id);
      Iterator<Map.Entry<String, JsonNode>> it = otks == null ? null : otks.fields();
      if (it != null && it.hasNext()) {
        Map.Entry<String, JsonNode> key = it.next();
        it.remove();
        found.withObject("/" + user.getKey()).putObject(d).set(key.getKey(), key.getValue());
      } else if (fallback != null && fallback.size() > 0) {
        Map.Entry<String, JsonNode> key = fallback.fields().next();
        found.withObject("/" + user.getKey()).putObject(d).set(key.getKey(), key.getValue());
      }
    }));
    answer.putObject("failures");
    return answer;
  }

  /** Queues {@code messages} ({@code user -> device -> content}, {@code *} for every device) from {@code me}. */
  void sendToDevice(Device me, String type, JsonNode messages) {
    messages.fields().forEachRemaining(user -> user.getValue().fields().forEachRemaining(d -> {
      ObjectNode ev = JSON.objectNode().put("type", type).put("sender", me.user().value());
      ev.set("content", d.getValue());
      if (d.getKey().equals("*")) {
        deviceKeys.keySet().stream().filter(id -> id.startsWith(user.getKey() + "|"))
            .forEach(id -> inboxes.computeIfAbsent(id, k -> new ArrayList<>()).add(ev.deepCopy()));
      } else {
        inboxes.computeIfAbsent(user.getKey() + "|" + d.getKey(), k -> new ArrayList<>()).add(ev);
      }
    }));
  }

  boolean hasMail(Device me) {
    List<ObjectNode> inbox = inboxes.get(me.id());
    return inbox != null && !inbox.isEmpty();
  }

  /** Takes {@code me}'s to-device messages, as a sync's {@code to_device.events}. */
  ArrayNode takeMail(Device me) {
    ArrayNode events = JSON.arrayNode();
    List<ObjectNode> inbox = inboxes.remove(me.id());
    if (inbox != null) {
      inbox.forEach(events::add);
    }
    return events;
  }
}
