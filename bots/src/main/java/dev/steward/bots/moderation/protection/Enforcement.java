package dev.steward.bots.moderation.protection;

import dev.steward.bot.event.EventContext;
import dev.steward.bots.moderation.ModerationServices;
import dev.steward.bots.moderation.actions.Action;
import dev.steward.bots.moderation.actions.ActionRequest;
import dev.steward.bots.moderation.actions.ActionResult;
import dev.steward.bots.moderation.actions.Source;
import dev.steward.bots.moderation.actions.Warnings;
import dev.steward.bots.moderation.audit.AuditEntry;
import dev.steward.client.EventId;
import dev.steward.client.MatrixException;
import dev.steward.client.RoomId;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns verdicts into the moderation bot's actions: the hit goes into the audit log, the offending events are
 * redacted, the configured action is taken in that room (through the action executor, so it is audited, refused
 * against moderators and users at or above the bot, and undone on time), and one notice tells the management room
 * what triggered it and what was done. Join waves lock the room's join rule through {@code JoinRules}.
 *
 * <p>The reason the sender and the room see (on the redaction, mute, kick or ban) names the protection only: for a
 * word-list hit it must not repeat the words.
 */
final class Enforcement {
  private static final Logger log = LoggerFactory.getLogger(Enforcement.class);
  private static final int LISTED_EVENTS = 5;
  /** What the room is told a protection is about. */
  private static final Map<String, String> REASONS = Map.of(
      FloodDetector.KEY, "flooding",
      WordListDetector.KEY, "a forbidden word or phrase",
      MentionSpamDetector.KEY, "mention spam",
      JoinWaveDetector.KEY, "a join wave",
      NewJoinerDetector.KEY, "a link or media from a new member (held for review)");

  private final ModerationServices services;
  private final Duration muteFor;
  private final Clock clock;

  Enforcement(ModerationServices services, Duration muteFor, Clock clock) {
    this.services = services;
    this.muteFor = muteFor;
    this.clock = clock;
  }

  /** Carries out {@code verdict}; {@code ctx} is the handler context of the event that triggered it. */
  void enforce(Verdict verdict, EventContext ctx) {
    if (verdict instanceof Verdict.Offence o) {
      offence(o, ctx);
    } else if (verdict instanceof Verdict.JoinWave w) {
      joinWave(w);
    }
  }

  static String reason(String protection) {
    return "Protection: " + REASONS.getOrDefault(protection, protection);
  }

  private void offence(Verdict.Offence o, EventContext ctx) {
    Source source = Source.protection(o.protection());
    String reason = reason(o.protection());
    String key = "protection " + o.protection() + " " + o.events().get(o.events().size() - 1).value();
    services.audit().record(new AuditEntry(key, clock.instant(), source.stored(), "hit", o.user().value(),
        o.room().value(), reason, "done", o.trigger() + "; events " + events(o.events())));
    List<String> done = new ArrayList<>();
    try {
      if (o.action().redacts()) {
        ActionResult redacted = services.actions().redact(o.room(), o.user(), o.events(), reason, source, true);
        done.add(redacted.ok() ? "redacted " + o.events().size() + " event(s)"
            : "redaction failed (" + redacted.rooms().get(0).detail() + ")");
      }
      switch (o.action()) {
        case WARN -> done.add(warn(o, reason, ctx));
        case MUTE -> done.add(act(Action.MUTE, o, reason, source, key, muteFor.isZero() ? null : muteFor));
        case KICK -> done.add(act(Action.KICK, o, reason, source, key, null));
        case BAN -> done.add(act(Action.BAN, o, reason, source, key, null));
        case REPORT -> done.add("nothing changed (action: report)");
        case REDACT -> { } // done above
        default -> throw new IllegalStateException("unknown action " + o.action());
      }
    } finally {
      // Reported even when an action threw: the moderators must learn of the hit either way.
      services.management().notice("\uD83D\uDEE1\uFE0F Protection " + o.protection() + " in " + o.room() + ": "
          + o.user() + ": " + o.trigger() + ". Events: " + events(o.events()) + ". "
          + (done.isEmpty() ? "" : String.join("; ", done) + "."));
    }
  }

  private String act(Action action, Verdict.Offence o, String reason, Source source, String key, Duration d) {
    ActionRequest request = ActionRequest.of(action, o.user(), List.of(o.room()), reason, source)
        .withKey(key + " " + action.verb()).withQuiet(true);
    ActionResult result = services.actions().act(d == null ? request : request.withDuration(d));
    return result.summary();
  }

  /**
   * A warning the sender sees in the room, counted towards {@code warn_limit} like a moderator's {@code !warn}: the
   * warning that reaches the limit applies {@code warn_action} in this room.
   */
  private String warn(Verdict.Offence o, String reason, EventContext ctx) {
    String text = o.user() + ": your message was removed (" + REASONS.getOrDefault(o.protection(), o.protection())
        + "). Please keep to the room's rules.";
    boolean sent = ctx.send(text).isPresent();
    Warnings.Warning w = services.warnings().warn(o.user(), o.room(), List.of(o.room()), reason,
        Source.protection(o.protection()), true);
    String out = (sent ? "warned " + o.user() + " in the room" : "could not post the warning (reply budget spent)")
        + " (" + w.counted() + ")";
    return w.consequence() == null ? out : out + "; warn_limit reached: " + w.consequence().line();
  }

  private void joinWave(Verdict.JoinWave w) {
    try {
      services.joinRules().lock(w.room(), w.lockTo().joinRule(), w.coolOff(),
          reason(w.protection()) + ": " + w.trigger(), Source.protection(w.protection()));
    } catch (MatrixException e) {
      // JoinRules reported the refusal with its errcode already.
      log.warn("protections: could not lock the join rule of {} during a join wave: {}", w.room(), e.getMessage());
    }
  }

  private static String events(List<EventId> events) {
    String listed = events.stream().limit(LISTED_EVENTS).map(EventId::value).collect(Collectors.joining(", "));
    return events.size() > LISTED_EVENTS ? listed + " and " + (events.size() - LISTED_EVENTS) + " more" : listed;
  }
}
