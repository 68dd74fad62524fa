package dev.steward.bots.moderation.actions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.bot.store.KeyValueStore;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mass actions in progress, in the store (namespace {@value #NAMESPACE}): the request and its rooms are written
 * before the first room is touched, each room is marked when done, the plan is dropped at the end. What is left after
 * a crash is an unfinished plan, finished at the next start.
 */
public final class Plans {
  static final String NAMESPACE = "moderation.plans";
  private static final Logger log = LoggerFactory.getLogger(Plans.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final KeyValueStore store;

  /** Keeps plans in {@code store}. */
  public Plans(KeyValueStore store) {
    this.store = store;
  }

  /** A plan: the request, its rooms in order, those done, when a timed action ends. */
  record Plan(ActionRequest request, List<RoomId> order, Set<RoomId> done, Instant endsAt) {
    List<RoomId> doneRooms() {
      synchronized (done) {
        return List.copyOf(done);
      }
    }

    List<RoomId> remaining() {
      synchronized (done) {
        return order.stream().filter(r -> !done.contains(r)).toList();
      }
    }
  }

  Plan start(ActionRequest req, List<RoomId> order, Instant endsAt) {
    Plan plan = new Plan(req, List.copyOf(order), new LinkedHashSet<>(), endsAt);
    write(plan);
    return plan;
  }

  Optional<Plan> get(String key) {
    return store.get(key).flatMap(v -> read(key, v));
  }

  /** Notes {@code room} as done (when {@code done}; a failed room stays to do, for the restart to retry). */
  void markDone(Plan plan, RoomId room, boolean done) {
    if (!done) {
      return;
    }
    synchronized (plan.done()) {
      plan.done().add(room);
      write(plan);
    }
  }

  void finish(String key) {
    store.delete(key);
  }

  List<Plan> unfinished() {
    List<Plan> out = new ArrayList<>();
    store.all().forEach((k, v) -> read(k, v).ifPresent(out::add));
    return out;
  }

  private void write(Plan plan) {
    ActionRequest r = plan.request();
    ObjectNode n = JSON.createObjectNode().put("action", r.action().name()).put("target", r.target().value())
        .put("reason", r.reason()).put("source", r.source().stored())
        .put("duration", r.duration() == null ? null : r.duration().toString())
        .put("ends_at", plan.endsAt() == null ? null : plan.endsAt().toString());
    plan.order().forEach(room -> n.withArray("rooms").add(room.value()));
    synchronized (plan.done()) {
      plan.done().forEach(room -> n.withArray("done").add(room.value()));
    }
    store.put(r.key(), n.toString());
  }

  private Optional<Plan> read(String key, String value) {
    try {
      JsonNode n = JSON.readTree(value);
      List<RoomId> rooms = new ArrayList<>();
      n.path("rooms").forEach(x -> rooms.add(RoomId.of(x.asText())));
      Set<RoomId> done = new LinkedHashSet<>();
      n.path("done").forEach(x -> done.add(RoomId.of(x.asText())));
      ActionRequest req = new ActionRequest(Action.valueOf(n.path("action").asText()),
          UserId.of(n.path("target").asText()), rooms, n.path("reason").asText(""),
          Source.parse(n.path("source").asText()),
          n.hasNonNull("duration") ? Duration.parse(n.get("duration").asText()) : null, false, false, key);
      return Optional.of(new Plan(req, rooms, done,
          n.hasNonNull("ends_at") ? Instant.parse(n.get("ends_at").asText()) : null));
    } catch (JsonProcessingException | RuntimeException e) {
      log.warn("moderation: dropping an unreadable plan {}: {}", key, e.getMessage());
      store.delete(key);
      return Optional.empty();
    }
  }
}
