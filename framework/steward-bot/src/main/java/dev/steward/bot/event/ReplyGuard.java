package dev.steward.bot.event;

import java.time.Duration;
import java.util.Objects;

/**
 * How the runtime keeps the bot from talking in circles with another bot, and, if asked, how fast it lets the bot send
 * into one room. Nothing a user asked for is dropped: the only sends held back are answers to a bot the runtime has
 * seen looping with this one.
 *
 * <p><b>Loops.</b> A turn is an answer to an event that itself answers this bot: a reply or reaction to one of the
 * bot's own recent messages arriving within {@code turnWindow} of the bot's last send to that sender, or a notice (the
 * message type bots send, people do not) from that sender within {@code quiet} of it, so that bots the homeserver
 * rate-limits to a message every few seconds still make turns. A human typing commands, however fast, makes no turns
 * (their messages answer nothing of the bot's); a human replying to the bot's messages makes turns only at machine
 * speed. After {@code loopTurns} turns in
 * a row with one sender in one room, the runtime stops answering that sender's answering events there (one warning
 * in the log) until the sender has been quiet for {@code quiet}, or sends something that is not an answer. Two bots
 * that answer everything therefore stop after about {@code loopTurns} messages each.
 *
 * <p><b>Pacing</b> (off unless {@link #paced}): at most {@code burst} sends at once into one room, then
 * {@code perSecond}; a send past that waits for its turn (the room's lane waits, other rooms go on) and is never
 * dropped. The homeserver's own rate limits are honoured either way: the client waits out {@code M_LIMIT_EXCEEDED}.
 *
 * @param loopTurns quick answering turns in a row with one sender before the runtime calls it a loop
 * @param turnWindow how soon after the bot's send a reply or reaction must come to count as a turn
 * @param quiet how long a looping sender must stay quiet before the bot answers it again; also how soon after the
 *     bot's send a notice counts as a turn
 * @param perSecond sends per room and second once the burst is spent; 0 for no pacing
 * @param burst sends per room at once; unused without pacing
 */
public record ReplyGuard(int loopTurns, Duration turnWindow, Duration quiet, double perSecond, int burst) {
  /** Loops end after 10 quick turns (each within 5 seconds), a looping bot is answered again after a quiet minute. */
  public static final int DEFAULT_LOOP_TURNS = 10;

  public ReplyGuard {
    if (loopTurns < 1) {
      throw new IllegalArgumentException("loopTurns must be at least 1, not " + loopTurns);
    }
    Objects.requireNonNull(turnWindow, "turnWindow");
    Objects.requireNonNull(quiet, "quiet");
    if (turnWindow.isNegative() || turnWindow.isZero() || quiet.isNegative()) {
      throw new IllegalArgumentException("turnWindow must be positive and quiet not negative");
    }
    if (perSecond < 0 || (perSecond > 0 && burst < 1)) {
      throw new IllegalArgumentException("pacing needs perSecond >= 0 and, when pacing, burst >= 1");
    }
  }

  /** The default: loop detection, no pacing. */
  public static ReplyGuard standard() {
    return new ReplyGuard(DEFAULT_LOOP_TURNS, Duration.ofSeconds(5), Duration.ofMinutes(1), 0, 0);
  }

  /** This guard, and sends paced per room: {@code burst} at once, then {@code perSecond}; later sends wait. */
  public ReplyGuard paced(double perSecond, int burst) {
    if (perSecond <= 0) {
      throw new IllegalArgumentException("perSecond must be positive, not " + perSecond);
    }
    return new ReplyGuard(loopTurns, turnWindow, quiet, perSecond, burst);
  }

  /** Whether sends are paced. */
  public boolean pacing() {
    return perSecond > 0;
  }
}
