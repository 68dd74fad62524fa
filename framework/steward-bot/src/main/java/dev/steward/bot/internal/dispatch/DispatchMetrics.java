package dev.steward.bot.internal.dispatch;

import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import dev.steward.client.model.RoomEvent;
import java.util.function.IntSupplier;

/**
 * What the dispatcher tells the runtime's metrics. Labels are bounded: an event's kind (one of {@link #kind}'s
 * answers), a handler's or command's name from the code, an outcome; never a room, user or event id.
 */
public interface DispatchMetrics {
  /** Counts nothing. */
  DispatchMetrics NONE = new DispatchMetrics() {};

  /** Command outcomes. */
  String OK = "ok";
  String USAGE = "usage";
  String REFUSED = "refused";
  String FAILED = "failed";

  /** A room event arrived in a sync batch. */
  default void received(String kind) {}

  /** A room event went through the handlers that take it. */
  default void handled(String kind) {}

  /** Events skipped because they were claimed before (delivered again, or by another instance). */
  default void duplicates(int count) {}

  /** The newest timeline event of a batch, by its {@code origin_server_ts}: how far behind the bot runs. */
  default void newestEvent(long originServerTs) {}

  /** A handler ran for {@code nanos}; {@code failed} when it threw. */
  default void handler(String name, long nanos, boolean failed) {}

  /**
   * A command ended with one of {@link #OK}, {@link #USAGE}, {@link #REFUSED}, {@link #FAILED}, after {@code nanos};
   * the room and sender go to the status page's list of recent commands, never into a label.
   */
  default void command(String name, String outcome, RoomId room, UserId sender, long nanos) {}

  /**
   * A handler, command or the dispatcher itself ({@code where}) failed with {@code error}. For the status page's
   * last errors: the exception's type and errcode only, never its message, which may quote a message body.
   */
  default void failed(String where, Throwable error) {}

  /** A room's {@code m.room.name} as the sync delivered it (empty when removed), for the status page. */
  default void roomName(RoomId room, String name) {}

  /**
   * An encrypted event was not handled because it cannot be decrypted: {@code cause} is {@code missing_key} (its room
   * key did not come within {@code encryption.key_wait}) or a {@code CryptoException.Reason} in lower case
   * ({@code bad_mac}, {@code unknown_message_index}, {@code replayed_index} …).
   */
  default void undecryptable(String cause) {}

  /** How to read how many encrypted events wait for their room keys. */
  default void waitingForKeys(IntSupplier events) {}

  /** How to read how many rooms have work queued or running. */
  default void laneDepth(IntSupplier rooms) {}

  /**
   * The kind of a room event: {@code message}, {@code reaction}, {@code redaction}, {@code membership},
   * {@code encrypted} (as it arrived; handled, it counts as what it held), {@code state} (any other state event) or
   * {@code other}.
   */
  static String kind(RoomEvent e) {
    return switch (e.type()) {
      case "m.room.message" -> "message";
      case "m.reaction" -> "reaction";
      case "m.room.redaction" -> "redaction";
      case "m.room.member" -> "membership";
      case "m.room.encrypted" -> "encrypted";
      default -> e.isState() ? "state" : "other";
    };
  }
}
