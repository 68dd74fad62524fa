package dev.steward.bots.moderation.protection;

import dev.steward.bot.event.TimelineEvent;
import java.util.Optional;

/**
 * One protection's judgement: an event in, a verdict out. Detectors keep what they must remember (recent messages,
 * joins) in memory, bounded, and never talk to the homeserver; exemptions (moderators, the bot) are checked before
 * an event reaches them, except joins, which every detector sees.
 */
interface Detector {
  /** The protection's config key. */
  String key();

  /** The verdict on {@code event}, or empty when it breaks no rule (or is of a type this detector ignores). */
  Optional<Verdict> check(TimelineEvent event);
}
