package dev.steward.bots.welcome;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.bot.store.KeyValueStore;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The welcome bot's memory of each member of each room: when it greeted them and when they last left, kept in the
 * store so a restart does not greet anyone twice. One key per room and user, {@code "<room id> <user id>"} (both
 * ids are at most 255 characters and have no spaces, so the key fits the store's 512).
 */
final class Arrivals {
  private static final Logger log = LoggerFactory.getLogger(Arrivals.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final KeyValueStore store;

  Arrivals(KeyValueStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  /**
   * What the bot remembers of one member.
   *
   * @param greeted when the bot last greeted them, or null when it never did
   * @param left when they last left (or were kicked or banned), or null when they have not since the greeting
   */
  record Member(Instant greeted, Instant left) {}

  /** What the bot remembers of {@code user} in {@code room}. */
  Optional<Member> get(RoomId room, UserId user) {
    return store.get(key(room, user)).flatMap(Arrivals::parse);
  }

  /**
   * Whether a join at {@code at} is an arrival worth a greeting: a user never greeted nor seen leaving, or one who
   * left longer than {@code regreetAfter} before. A user greeted and not gone since (a repeated join) is not.
   */
  boolean isArrival(RoomId room, UserId user, Instant at, Duration regreetAfter) {
    Optional<Member> known = get(room, user);
    if (known.isEmpty()) {
      return true;
    }
    Instant left = known.get().left();
    return left != null && Duration.between(left, at).compareTo(regreetAfter) > 0;
  }

  /** Notes that {@code user} was greeted in {@code room} at {@code at}; forgets an earlier leave. */
  void greeted(RoomId room, UserId user, Instant at) {
    write(room, user, new Member(at, null));
  }

  /** Notes that {@code user} left {@code room} at {@code at}, keeping when they were greeted. */
  void left(RoomId room, UserId user, Instant at) {
    Instant greeted = get(room, user).map(Member::greeted).orElse(null);
    write(room, user, new Member(greeted, at));
  }

  private void write(RoomId room, UserId user, Member m) {
    ObjectNode n = JSON.createObjectNode();
    if (m.greeted() != null) {
      n.put("greeted", m.greeted().toEpochMilli());
    }
    if (m.left() != null) {
      n.put("left", m.left().toEpochMilli());
    }
    store.put(key(room, user), n.toString());
  }

  private static String key(RoomId room, UserId user) {
    return room.value() + " " + user.value();
  }

  private static Optional<Member> parse(String value) {
    try {
      JsonNode n = JSON.readTree(value);
      return Optional.of(new Member(instant(n, "greeted"), instant(n, "left")));
    } catch (JsonProcessingException e) {
      // Unreadable memory counts as none: a second greeting beats a crash on every join of this member.
      log.warn("welcome: ignoring an unreadable record in the store: {}", e.getOriginalMessage());
      return Optional.empty();
    }
  }

  private static Instant instant(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v != null && v.canConvertToLong() ? Instant.ofEpochMilli(v.asLong()) : null;
  }
}
