package dev.steward.bots.moderation.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.client.EventId;
import dev.steward.client.MatrixClient;
import dev.steward.client.MatrixException;
import dev.steward.client.Messages;
import dev.steward.client.RoomId;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The room where moderators talk to the bot: every action and protection hit is reported there as an
 * {@code m.notice}. A report that cannot be sent is logged, never thrown: the action it reports already happened.
 * Every notice carries an empty {@code m.mentions}, so a user id or {@code @room} quoted from an offending message
 * notifies nobody (clients and homeservers skip the legacy body-matching push rules for such events).
 */
public final class ManagementRoom {
  private static final Logger log = LoggerFactory.getLogger(ManagementRoom.class);

  private final MatrixClient client;
  private final RoomId room;

  /** Reports to {@code room} through {@code client}. */
  public ManagementRoom(MatrixClient client, RoomId room) {
    this.client = Objects.requireNonNull(client, "client");
    this.room = Objects.requireNonNull(room, "room");
  }

  /** The management room's id. */
  public RoomId id() {
    return room;
  }

  /** Sends {@code text} as a notice; returns false (and logs why) when the homeserver refused it. */
  public boolean notice(String text) {
    return post(text).isPresent();
  }

  /** Sends {@code text} as a notice and returns its event id, or empty (and logs why) when it was refused. */
  public Optional<EventId> post(String text) {
    try {
      return Optional.of(client.sendEvent(room, "m.room.message",
          pingingNobody(Messages.content("m.notice", text, null))));
    } catch (MatrixException e) {
      log.warn("moderation: cannot report to the management room {} ({}): {}", room, e.errcode(), text);
      return Optional.empty();
    }
  }

  /** Sends a notice with a plain and an HTML body (escape untrusted parts); false when it could not be sent. */
  public boolean notice(String plain, String html) {
    try {
      client.sendEvent(room, "m.room.message", pingingNobody(Messages.content("m.notice", plain, html)));
      return true;
    } catch (MatrixException e) {
      log.warn("moderation: cannot report to the management room {} ({}): {}", room, e.errcode(), plain);
      return false;
    }
  }

  private static ObjectNode pingingNobody(ObjectNode content) {
    content.putObject("m.mentions");
    return content;
  }
}
